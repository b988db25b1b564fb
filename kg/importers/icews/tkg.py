"""Reading ICEWS events in the temporal-knowledge-graph layouts, and telling layouts apart.

Most ICEWS-derived data sets for temporal knowledge graphs (ICEWS14, ICEWS18,
ICEWS05-15, ICEWS21, ICEWS22...) come in one of two layouts:

- **ids**: a folder with ``entity2id.txt`` and ``relation2id.txt`` (``name<TAB>id``
  a line) and ``train.txt``, ``valid.txt``, ``test.txt`` of integer quads
  ``subject<TAB>relation<TAB>object<TAB>t``, where ``t`` counts days from a
  start date that the files do not give. It is read from ``start`` when
  given, else from the folder's name when it is the data set's usual name
  (``ICEWS21`` → 2021-01-01, ``ICEWS05-15`` → 2005-01-01: January 1 of the
  first year). Files whose every ``t`` is a multiple of 24 and run past day
  366 count hours (as RE-NET's ICEWS18 does): ``t`` is divided by 24;
- **names**: the same quads with the names written out, words joined by
  underscores or spaces, and an ISO date (``Barack_Obama<TAB>Make_a_visit
  <TAB>France<TAB>2014-03-25``): the same three files in a folder, or one
  such file.

Relations are CAMEO event names (:mod:`kg.importers.icews.cameo`). Fields are
separated by tabs (or, in a line with no tab, by spaces). The first problem
stops the reading with :class:`~kg.errors.BadInputFileError` naming the file
and line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from kg.errors import BadInputFileError, BadPathError, DataError
from kg.importers.icews.cameo import code_of
from kg.importers.icews.dataverse import bad_line as _bad_line
from kg.importers.icews.dataverse import is_dataverse_header

__all__ = ["SPLITS", "Quads", "detect_layout", "start_from_name", "read_tkg"]

#: The files holding the quads of a folder, in the order they are read.
SPLITS = ("train.txt", "valid.txt", "test.txt")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEARS = re.compile(r"icews[-_ ]?(\d{2}|\d{4})(?:[-_](\d{2}|\d{4}))?", re.IGNORECASE)
#: A kept row: ``(day as a date ordinal, CAMEO code, subject name, object name)``.
Coding = tuple[int, str, str, str]


@dataclass
class Quads:
    """What one temporal-knowledge-graph input holds that an import needs.

    Attributes
    ----------
    path : str
        The folder (or file) read.
    layout : str
        ``ids`` or ``names``.
    start : datetime.date or None
        Day 0 of the ``ids`` layout.
    rows : int
        Every quad read.
    codings : list of (day ordinal, code, subject, object)
        The quads whose relation is kept (:mod:`kg.importers.icews.cameo`).
    names : set of str
        Every actor name the input defines or uses (its countries are told
        from them: see :mod:`kg.importers.icews.actors`).
    """

    path: str
    layout: str
    start: dt.date | None = None
    rows: int = 0
    codings: list[Coding] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        """The folder's or file's name (``ICEWS22``)."""
        return os.path.basename(os.path.normpath(self.path))


def _problem(path: str, message: str, line: int | None = None) -> BadInputFileError:
    return BadInputFileError(DataError(path, message, line=line))


def _lines(path: str) -> Iterator[tuple[int, list[str]]]:
    """``(line number, fields)`` of each non-blank line, checked to be UTF-8 text."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            for number, text in enumerate(handle, start=1):
                text = text.rstrip("\r\n")
                if not text.strip():
                    continue
                if "\x00" in text:
                    raise _problem(path, "binary data, not text", number)
                yield number, text.split("\t") if "\t" in text else text.split()
    except UnicodeDecodeError as exc:
        raise _problem(path, f"not UTF-8 text ({exc.reason})", _bad_line(path)) from exc
    except OSError as exc:
        raise _problem(path, f"cannot be read: {exc.strerror}") from exc


def _first_line(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            raw = handle.readline(65536)
    except OSError as exc:
        raise _problem(path, f"cannot be read: {exc.strerror}") from exc
    if b"\x00" in raw:
        raise _problem(path, "binary data, not text", 1)
    try:
        return raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise _problem(path, f"not UTF-8 text ({exc.reason})", 1) from exc


def _splits(folder: str) -> list[str]:
    return [os.path.join(folder, n) for n in SPLITS if os.path.isfile(os.path.join(folder, n))]


def detect_layout(path: str) -> str:
    """``dataverse``, ``ids`` or ``names``: the layout of the file or folder ``path``.

    Raises
    ------
    BadPathError
        When ``path`` does not exist.
    BadInputFileError
        When ``path`` is in none of them, naming the file at fault.
    """
    if os.path.isdir(path):
        splits = _splits(path)
        has_ids = all(
            os.path.isfile(os.path.join(path, n)) for n in ("entity2id.txt", "relation2id.txt")
        )
        if splits and has_ids:
            return "ids"
        if splits:
            fields = _first_line(splits[0]).split("\t")
            if len(fields) == 4 and not fields[0].strip().isdigit():
                return "names"
            raise _problem(
                splits[0],
                "quads of ids need entity2id.txt and relation2id.txt beside them",
                1,
            )
        raise _problem(
            path,
            f"not an ICEWS folder: no {', '.join(SPLITS)} (with entity2id.txt and "
            "relation2id.txt for quads of ids)",
        )
    if not os.path.isfile(path):
        raise BadPathError(f"'{path}' does not exist")
    first = _first_line(path)
    if is_dataverse_header(first):
        return "dataverse"
    fields = first.split("\t") if "\t" in first else first.split()
    if len(fields) == 4 and all(f.strip().isdigit() for f in fields):
        raise _problem(path, "quads of ids: give the folder holding it and entity2id.txt", 1)
    if len(fields) == 4 and _ISO.match(fields[3].strip()):
        return "names"
    raise _problem(
        path,
        "not an ICEWS file: neither the Dataverse event columns (Event ID, ..., CAMEO Code) "
        "nor quads subject<TAB>relation<TAB>object<TAB>YYYY-MM-DD",
        1,
    )


def start_from_name(path: str) -> dt.date | None:
    """January 1 of the first year a data set's usual name gives (``ICEWS05-15`` → 2005).

    >>> start_from_name("/data/ICEWS22"), start_from_name("icews05-15"), start_from_name("x")
    (datetime.date(2022, 1, 1), datetime.date(2005, 1, 1), None)
    """
    match = _YEARS.fullmatch(os.path.basename(os.path.normpath(path)))
    if match is None:
        return None
    year = int(match.group(1))
    if year < 100:
        year += 2000 if year < 90 else 1900
    return dt.date(year, 1, 1)


def _ids(path: str, what: str) -> dict[int, str]:
    """``id → name`` of ``entity2id.txt`` or ``relation2id.txt``."""
    found: dict[int, str] = {}
    for number, fields in _lines_of_table(path):
        if len(fields) != 2 or not fields[1].strip().lstrip("-").isdigit():
            raise _problem(path, f"expected '{what}<TAB>id', got {len(fields)} fields", number)
        ident = int(fields[1])
        if ident in found:
            raise _problem(path, f"id {ident} is given twice", number)
        found[ident] = fields[0].strip()
    return found


def _lines_of_table(path: str) -> Iterator[tuple[int, list[str]]]:
    for number, fields in _lines(path):
        if len(fields) > 2:  # a name with spaces in a file without tabs
            fields = [" ".join(fields[:-1]), fields[-1]]
        yield number, fields


def read_tkg(
    path: str,
    layout: str,
    start: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Quads:
    """Read one input in the ``ids`` or ``names`` layout (see the module).

    Raises
    ------
    BadInputFileError
        At the first problem, naming the file and line: a line with the wrong
        number of fields, an id that is not an integer or that entity2id.txt
        or relation2id.txt does not define, a date that is not YYYY-MM-DD,
        text that is not UTF-8, or a folder with no start date.
    """
    found = Quads(path, layout)
    files = _splits(path) if os.path.isdir(path) else [path]
    if layout == "ids":
        found.start = start or start_from_name(path)
        if found.start is None:
            raise _problem(
                path,
                "the quads count days from a start date the folder does not give (its name is "
                "not ICEWSyy): give the start date",
            )
        _read_ids(found, files, progress)
    else:
        _read_names(found, files, progress)
    return found


def _read_ids(found: Quads, files: list[str], progress: Callable[[int], None] | None) -> None:
    entities = _ids(os.path.join(found.path, "entity2id.txt"), "entity")
    relations = _ids(os.path.join(found.path, "relation2id.txt"), "relation")
    found.names.update(entities.values())
    kept = {ident: code for ident, name in relations.items() if (code := code_of(name))}
    raw: list[tuple[int, str, str, str]] = []
    hours, latest = True, 0
    for path in files:
        count = 0
        for number, fields in _lines(path):
            if len(fields) != 4:
                raise _problem(
                    path, f"{len(fields)} fields, not 4 (subject, relation, object, time)", number
                )
            try:
                s, r, o, t = (int(f) for f in fields)
            except ValueError:
                bad = next(f for f in fields if not f.strip().lstrip("-").isdigit())
                raise _problem(path, f"'{bad}' is not an integer id", number) from None
            for ident, table, what in ((s, entities, "entity"), (o, entities, "entity"),
                                       (r, relations, "relation")):  # fmt: skip
                if ident not in table:
                    raise _problem(path, f"{what} id {ident} is not in {what}2id.txt", number)
            if t < 0:
                raise _problem(path, f"time {t} is negative", number)
            hours = hours and t % 24 == 0
            latest = max(latest, t)
            found.rows += 1
            count += 1
            if count == 10000:
                count = _tick(progress, count)
            code = kept.get(r)
            if code is not None:
                raw.append((t, code, entities[s], entities[o]))
        _tick(progress, count)
    step = 24 if hours and latest > 366 else 1
    assert found.start is not None
    origin = found.start.toordinal()
    found.codings = [(origin + t // step, code, s, o) for t, code, s, o in raw]


def _tick(progress: Callable[[int], None] | None, count: int) -> int:
    if progress is not None and count:
        progress(count)
    return 0


def _name(text: str) -> str:
    return " ".join(text.replace("_", " ").split())


def _read_names(found: Quads, files: list[str], progress: Callable[[int], None] | None) -> None:
    days: dict[str, int] = {}
    for path in files:
        count = 0
        for number, fields in _lines(path):
            if len(fields) != 4:
                raise _problem(
                    path, f"{len(fields)} fields, not 4 (subject, relation, object, date)", number
                )
            subject, relation, target, when = (f.strip() for f in fields)
            if not subject or not target or not relation:
                raise _problem(path, "an empty subject, relation or object", number)
            day = days.get(when)
            if day is None:
                try:
                    day = days[when] = dt.date.fromisoformat(when).toordinal()
                except ValueError:
                    raise _problem(path, f"'{when}' is not a date (YYYY-MM-DD)", number) from None
            found.rows += 1
            count += 1
            if count == 10000:
                count = _tick(progress, count)
            subject, target = _name(subject), _name(target)
            found.names.add(subject)
            found.names.add(target)
            code = code_of(relation)
            if code is not None:
                found.codings.append((day, code, subject, target))
        _tick(progress, count)
