"""The SPARQL queries the library runs, one ``.rq`` file each.

Queries are data: each is read once from the package and run with bound
values (:meth:`kg.store.EmbeddedStore.select`); nothing a user types is
ever formatted into their text.

>>> "PREFIX kg:" in load_query("pair_contacts")
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["load_query", "query_names"]


@cache
def load_query(name: str) -> str:
    """Return the text of the shipped query ``name`` (without ``.rq``)."""
    return resources.files(__name__).joinpath(f"{name}.rq").read_text(encoding="utf-8")


def query_names() -> list[str]:
    """The names of every shipped query, sorted."""
    return sorted(
        entry.name[:-3]
        for entry in resources.files(__name__).iterdir()
        if entry.name.endswith(".rq")
    )
