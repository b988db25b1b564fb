"""Checking a record's fields: typed access that reports every problem with its place.

:class:`Checker` collects the problems of a whole read, so that all are
reported at once; :class:`Fields` reads one record's fields (texts, ids,
lists, Wikidata ids, days, choices), reporting each problem with the
record's file, line and id. The YAML records (:mod:`kg.records.reading`) and
the JSON Lines importer (:mod:`kg.importers.jsonl`) check fields alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from kg.errors import DataError
from kg.records.model import Where
from kg.records.yaml_lines import show

__all__ = ["ID", "Checker", "Fields", "where_of"]

#: What a record id looks like.
ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_QID = re.compile(r"^Q[1-9][0-9]*$")


class Checker:
    """Collects problems while records are read, so all are reported at once."""

    def __init__(self) -> None:
        self.problems: list[DataError] = []

    def add(self, where: Where, message: str, record: str | None = None) -> None:
        self.problems.append(DataError(where.path, message, line=where.line, record=record))


class Fields:
    """Typed access to one record's fields, reporting problems to a checker."""

    def __init__(
        self, raw: dict[str, Any], where: Where, check: Checker, allowed: Iterable[str]
    ) -> None:
        self.raw = raw
        self.where = where
        self.check = check
        self.id: str | None = raw.get("id") if isinstance(raw.get("id"), str) else None
        allowed_set = set(allowed) | {"__line__"}
        for key in raw:
            if key not in allowed_set:
                self.problem(
                    f"unknown field '{key}'; expected one of: {', '.join(sorted(allowed_set - {'__line__'}))}"
                )

    def problem(self, message: str) -> None:
        self.check.add(self.where, message, self.id)

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.problem(f"missing field '{key}'")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(f"field '{key}' must be a non-empty text, not {show(value)}")
            return None
        return value.strip()

    def ident(self, key: str = "id", required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is not None and not ID.match(value):
            self.problem(
                f"'{value}' is not a valid id in field '{key}': use lower-case letters, "
                "digits, '.', '_' and '-'"
            )
            return None
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(f"field '{key}' must be a list of texts")
            return ()
        return tuple(v.strip() for v in value if v.strip())

    def wikidata(self) -> str | None:
        value = self.text("wikidata", required=False)
        if value is not None and not _QID.match(value):
            self.problem(f"'{value}' is not a Wikidata id (expected Q followed by digits)")
            return None
        return value

    def day(self, key: str, required: bool = True) -> dt.date | None:
        value = self.text(key, required)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.problem(f"field '{key}': '{value}' is not a date in the form YYYY-MM-DD")
            return None

    def choice(self, key: str, options: Iterable[str], default: str | None = None) -> str | None:
        value = self.text(key, required=default is None)
        if value is None:
            return default
        options = list(options)
        if value not in options:
            self.problem(f"field '{key}': '{value}' is not one of: {', '.join(options)}")
            return None
        return value


def where_of(raw: Any, path: str, fallback: int | None) -> Where:
    line = raw.get("__line__") if isinstance(raw, dict) else None
    return Where(path, line if isinstance(line, int) else fallback)
