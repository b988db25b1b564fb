"""The store: one front door to the embedded Oxigraph store and to SPARQL servers.

A store setting (``--store``, ``KG_STORE``) names a folder or the URL of a
SPARQL 1.1 endpoint. :func:`locate` decides which, once; :func:`open_store`
and :func:`build_store` then go to the embedded store
(:mod:`kg.store.embedded`, :mod:`kg.store.build`) or to the server
(:mod:`kg.store.remote`). Either answers kg's queries with bound values
(:mod:`kg.store.values`) and is built from the same inputs
(:mod:`kg.store.inputs`), with an index of the contacts of every pair of
sides (:mod:`kg.store.pairs`); imported sources are kept as files beside it
(:mod:`kg.store.sources`), replaced all or nothing, and what a killed build
or import leaves behind is cleared by the next command (:mod:`kg.store.files`).

This package is on every query's path: it imports pyoxigraph and nothing
heavy; building (rdflib, pyshacl) and HTTP are imported only when needed.

Examples
--------
>>> locate("http://127.0.0.1:8890/sparql").remote, locate("/tmp/store").remote
(True, False)
>>> locate("/tmp/s").imports_dir
'/tmp/s/imports'
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, NamedTuple

from kg.paths import default_store_dir, user_cache_dir
from kg.store.embedded import EmbeddedStore
from kg.store.inputs import (
    BUILD_INFO,
    COUNTS_FILE,
    CURATED_GRAPH,
    NAMES_FILE,
    ONTOLOGY_GRAPH,
    Inputs,
    PathLike,
    fingerprint,
    has_leftovers,
    read_json,
    source_graph,
)
from kg.store.pairs import PAIRS_GRAPH, level_pair_iri, pair_iri
from kg.store.values import Binding, BindValue, Iri, Row, join_values

if TYPE_CHECKING:
    from kg.store.remote import RemoteStore

__all__ = [
    "Iri",
    "BindValue",
    "Binding",
    "Row",
    "ONTOLOGY_GRAPH",
    "CURATED_GRAPH",
    "PAIRS_GRAPH",
    "BUILD_INFO",
    "NAMES_FILE",
    "COUNTS_FILE",
    "Inputs",
    "EmbeddedStore",
    "Location",
    "fingerprint",
    "join_values",
    "source_graph",
    "pair_iri",
    "level_pair_iri",
    "read_json",
    "locate",
    "open_store",
    "build_store",
    "is_url",
]


def is_url(store: PathLike | None) -> bool:
    """Whether a store setting names a SPARQL endpoint rather than a folder.

    >>> is_url("https://example.org/sparql"), is_url("store")
    (True, False)
    """
    return isinstance(store, str) and store.startswith(("http://", "https://"))


class Location(NamedTuple):
    """Where a store is: a folder, or a SPARQL endpoint's URL (``remote``)."""

    where: str
    remote: bool

    @property
    def imports_dir(self) -> str:
        """Where imported sources are kept: ``STORE/imports`` beside a folder; for
        an endpoint, a cache folder named after its URL (they are uploaded from there)."""
        if not self.remote:
            return os.path.join(self.where, "imports")
        import re

        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", self.where)
        return os.path.join(user_cache_dir(), "remote", safe, "imports")


def locate(store: PathLike | Location | None = None) -> Location:
    """Decide, once, what a store setting names (default: the per-user cache folder)."""
    if isinstance(store, Location):
        return store
    if is_url(store):
        assert isinstance(store, str)
        return Location(store, True)
    return Location(os.fspath(store or default_store_dir()), False)


def _recover(inputs: Inputs) -> None:
    """Clear what a killed import left in the imports folder (before the inputs are read)."""
    if has_leftovers(inputs.imports_dir):
        from kg.store.sources import recover_imports

        recover_imports(inputs.imports_dir)


def open_store(
    store: PathLike | Location | None = None, inputs: Inputs | None = None
) -> EmbeddedStore | RemoteStore:
    """Open the store built from the current inputs, building it first if needed.

    A folder opens the embedded build matching the inputs
    (:func:`kg.store.embedded.open_folder`); a URL opens that SPARQL server,
    uploading changed inputs first (:func:`kg.store.remote.open_remote`).
    When the inputs changed but do not build, answers come from the last
    good build, with a ``warning``; with no good build at all, the
    :class:`~kg.errors.InvalidDataError` is raised.
    """
    location = locate(store)
    inputs = inputs or Inputs.default()
    _recover(inputs)
    if location.remote:
        from kg.store.remote import open_remote

        return open_remote(location.where, inputs)
    from kg.store.embedded import open_folder

    return open_folder(location.where, inputs)


def build_store(
    store: PathLike | Location | None = None, inputs: Inputs | None = None, *, force: bool = False
) -> dict[str, Any]:
    """Build the store from the inputs unless a build of them exists (``force``: rebuild).

    Returns what the build was made from (``fingerprint``, ``triples``...).

    Raises
    ------
    InvalidDataError
        When the inputs do not build; the store is left as it was.
    """
    location = locate(store)
    inputs = inputs or Inputs.default()
    _recover(inputs)
    if location.remote:
        from kg.store.remote import RemoteStore, build_remote

        return build_remote(RemoteStore(location.where), inputs, force=force)
    from kg.store.build import build_folder

    return build_folder(location.where, inputs, force=force)
