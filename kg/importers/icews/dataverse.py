"""Reading ICEWS event files in the Dataverse layout (tab-separated, one coding a row).

The yearly ``events.YYYY.*.tab`` files of Harvard Dataverse (doi:10.7910/DVN/28075)
have a header line naming the columns (:data:`COLUMNS` must be among them)
and one event coding a row: the date, the source and target actors (name,
sectors, country), the CAMEO code, the story it was coded from and the
story's publisher. :func:`read_icews` keeps the rows of the codes in
:mod:`kg.importers.icews.cameo` and counts every row.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.errors import BadInputFileError, BadPathError, DataError
from kg.importers.icews.cameo import ANNOUNCED, CONTACT_CODES

__all__ = ["COLUMNS", "Event", "bad_line", "is_dataverse_header", "read_icews"]

COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
    "CAMEO Code", "Target Name", "Target Sectors", "Target Country", "Story ID", "Publisher",
)  # fmt: skip


@dataclass(frozen=True)
class Event:
    """One kept row: a contact or announced-meeting coding."""

    line: int
    id: str
    day: dt.date
    code: str
    source: tuple[str, str, str]
    target: tuple[str, str, str]
    story: str
    publisher: str


def is_dataverse_header(line: str) -> bool:
    """Does ``line`` (a file's first line) name the Dataverse columns?"""
    return "Event ID" in line.split("\t") and "CAMEO Code" in line.split("\t")


def _problem(path: str, message: str, line: int, record: str | None = None) -> BadInputFileError:
    return BadInputFileError(DataError(path, message, line=line, record=record))


def bad_line(path: str) -> int:
    """The first line of ``path`` that is not UTF-8 (1 if none is found)."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


def read_icews(path: str, progress: Callable[[int], None] | None = None) -> tuple[list[Event], int]:
    """The contact-coded rows of an ICEWS file, and the number of rows read.

    ``progress`` is called with 1 after each row.

    Raises
    ------
    BadPathError
        When the file does not exist.
    BadInputFileError
        Naming the file, line and event id of the first malformed row (or
        the missing columns, or the first line that is not UTF-8).
    """
    if not os.path.isfile(path):
        raise BadPathError(f"'{path}' is not a file")
    events: list[Event] = []
    rows = 0
    reader: csv.DictReader[str] | None = None
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise _problem(
                    path, f"not an ICEWS event file: no column {', '.join(missing)}", line=1
                )
            for row in reader:
                rows += 1
                if progress is not None:
                    progress(1)
                event = _event(path, reader.line_num, rows, row)
                if event is not None:
                    events.append(event)
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text ({exc.reason}): save it as UTF-8"
        raise _problem(path, message, bad_line(path)) from exc
    except csv.Error as exc:
        line = reader.reader.line_num if reader is not None else 1  # the row being read
        raise _problem(path, _csv_problem(exc), line) from exc
    return events, rows


def _csv_problem(exc: csv.Error) -> str:
    """What a row the csv module cannot read means for an ICEWS file."""
    reason = str(exc)
    if "field limit" in reason:
        return (
            f"a field is longer than {csv.field_size_limit():,} characters: not an ICEWS "
            "event file, or a broken one"
        )
    return f"cannot read the row as tab-separated text: {reason}"


def _event(path: str, line: int, rows: int, row: dict[str, str]) -> Event | None:
    """The kept event of one row, ``None`` for a code not kept; raise on a bad row."""
    ident = (row.get("Event ID") or "").strip() or f"row {rows}"
    if None in row or any(row.get(c) is None for c in COLUMNS):
        raise _problem(path, "wrong number of columns", line, ident)
    code = row["CAMEO Code"].strip()
    if not re.fullmatch(r"\d{2,4}", code):
        raise _problem(path, f"CAMEO code '{code}' is not a code", line, ident)
    if code not in CONTACT_CODES and code != ANNOUNCED:
        return None
    try:
        day = dt.date.fromisoformat(row["Event Date"].strip())
    except ValueError:
        raise _problem(
            path, f"Event Date '{row['Event Date']}' is not YYYY-MM-DD", line, ident
        ) from None
    story = row["Story ID"].strip()
    if not story:
        raise _problem(path, "no Story ID", line, ident)
    return Event(
        line, ident, day, code,
        (row["Source Name"].strip(), row["Source Sectors"].strip(), row["Source Country"].strip()),
        (row["Target Name"].strip(), row["Target Sectors"].strip(), row["Target Country"].strip()),
        story, row["Publisher"].strip() or "unknown publisher",
    )  # fmt: skip
