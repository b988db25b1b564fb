"""The SPARQL queries the library runs, one ``.rq`` file each.

Queries are data: each is read once from the package and run with bound
values (:meth:`kg.store.EmbeddedStore.select`); nothing a user types is
ever formatted into their text.

>>> "PREFIX kg:" in load_query("pair_contacts")
True
"""

from __future__ import annotations

import os
from functools import cache

__all__ = ["load_query", "query_names"]

# Read as plain files next to this module: importlib.resources (or pathlib)
# would cost more to import than the query takes to run.
_HERE = os.path.dirname(os.path.abspath(__file__))


@cache
def load_query(name: str) -> str:
    """Return the text of the shipped query ``name`` (without ``.rq``)."""
    with open(os.path.join(_HERE, f"{name}.rq"), encoding="utf-8") as handle:
        return handle.read()


def query_names() -> list[str]:
    """The names of every shipped query, sorted."""
    return sorted(name[:-3] for name in os.listdir(_HERE) if name.endswith(".rq"))
