"""Where the bundled ontology and data are, and where the store lives.

In an installed package the ontology and data travel inside it as
``kg/ontology`` and ``kg/data`` (see ``setup.cfg``); in a source checkout
they are the top-level ``ontology/`` and ``data/`` folders.

Paths are plain strings here: this module is on every query's path, and
importing pathlib costs more than answering a query.
"""

from __future__ import annotations

import os
import sys

__all__ = [
    "bundled_ontology_dir",
    "bundled_data_dir",
    "default_store_dir",
    "user_cache_dir",
]

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _bundled(name: str) -> str:
    installed = os.path.join(_PACKAGE, name)
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(_PACKAGE), name)


def bundled_ontology_dir() -> str:
    """The ontology shipped with kg (OWL, SHACL shapes, topic scheme)."""
    return _bundled("ontology")


def bundled_data_dir() -> str:
    """The curated records shipped with kg."""
    return _bundled("data")


def default_store_dir() -> str:
    """``$KG_STORE`` if set, else ``store`` in the per-user cache directory.

    The cache directory is ``$XDG_CACHE_HOME/kg`` (default ``~/.cache/kg``) on
    Linux and other Unixes, ``~/Library/Caches/kg`` on macOS and
    ``%LOCALAPPDATA%\\kg\\Cache`` on Windows. (Computed here rather than with
    platformdirs, whose import alone costs more than a query.)
    """
    return os.environ.get("KG_STORE") or os.path.join(user_cache_dir(), "store")


def user_cache_dir() -> str:
    """The per-user cache directory of kg (see :func:`default_store_dir`)."""
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
        base = os.path.join(local, "kg", "Cache")
    elif sys.platform == "darwin":
        base = os.path.join(home, "Library", "Caches", "kg")
    else:
        base = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"), "kg")
    return base
