"""Where the bundled ontology and data are, and where the store lives.

In an installed package the ontology and data travel inside it as
``kg/ontology`` and ``kg/data`` (see ``setup.cfg``); in a source checkout
they are the top-level ``ontology/`` and ``data/`` folders.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["bundled_ontology_dir", "bundled_data_dir", "default_store_dir"]

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def bundled_ontology_dir() -> Path:
    """The ontology shipped with kg (OWL, SHACL shapes, topic scheme)."""
    return _bundled("ontology")


def bundled_data_dir() -> Path:
    """The curated records shipped with kg."""
    return _bundled("data")


def default_store_dir() -> Path:
    """``$KG_STORE`` if set, else a per-user cache directory."""
    configured = os.environ.get("KG_STORE")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("kg", appauthor=False)) / "store"
