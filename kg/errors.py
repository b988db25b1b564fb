"""The library's exception hierarchy.

Every error a user can cause derives from :class:`KGError`; the command line
translates them at one boundary (``kg.cli``) into exit codes.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "KGError",
    "DataError",
    "InvalidDataError",
    "BadInputFileError",
    "UnknownEntityError",
    "AmbiguousEntityError",
    "BadDateError",
    "BadPathError",
    "BadArgumentError",
    "StoreError",
    "QueryError",
    "QueryRefusedError",
]


class KGError(Exception):
    """Root of every error the library raises on purpose."""


class DataError(KGError):
    """One problem in an input file: where it is, which record, what to do.

    Parameters
    ----------
    path : str
        The file the problem is in.
    message : str
        What is wrong and what to do about it.
    line : int, optional
        1-based line of the record or value, when known.
    record : str, optional
        The id of the record concerned, when known.

    Examples
    --------
    >>> str(DataError("data/people.yaml", "unknown post 'x'", line=4, record="lecornu"))
    "data/people.yaml:4: record 'lecornu': unknown post 'x'"
    """

    def __init__(
        self, path: str, message: str, line: int | None = None, record: str | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.record = record
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        who = f" record '{self.record}':" if self.record else ""
        return f"{where}:{who} {self.message}"


class InvalidDataError(KGError):
    """The input data has one or more problems; nothing was built.

    ``problems`` holds every :class:`DataError` found, so a curator can fix
    them all in one pass.
    """

    def __init__(self, problems: Sequence[DataError]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in the data; nothing was built "
            f"and the previous store was kept:\n{lines}"
        )


class BadInputFileError(InvalidDataError):
    """A file given to an importer is not what it should be: another layout, not
    UTF-8 text, a malformed line, an id it does not define. Bad input (the command
    line exits 2), reported in one line naming the file and line; nothing is
    imported.

    Examples
    --------
    >>> str(BadInputFileError(DataError("train.txt", "3 fields, not 4", line=7)))
    'train.txt:7: 3 fields, not 4 (nothing was imported)'
    """

    def __init__(self, problem: DataError) -> None:
        super().__init__([problem])
        self.args = (f"{problem} (nothing was imported)",)

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownEntityError(KGError):
    """A name matched nobody; ``suggestions`` holds the closest known names."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no one called '{name}' in the graph.{hint}")


class AmbiguousEntityError(KGError):
    """A name matched several entities; ``candidates`` lists ``(id, name)`` pairs and
    ``details``, when given, what tells each apart (their posts and years)."""

    def __init__(
        self, name: str, candidates: Sequence[tuple[str, str]], details: Sequence[str] = ()
    ) -> None:
        self.name = name
        self.candidates = list(candidates)
        self.details = list(details)
        if self.details:
            listed = "; ".join(
                f"{label} ({ident}: {detail})"
                for (ident, label), detail in zip(self.candidates, self.details, strict=True)
            )
            super().__init__(
                f"'{name}' fits several people and the question does not say which: {listed}. "
                "Use a fuller name or the id."
            )
            return
        listed = "; ".join(f"{label} ({ident})" for ident, label in self.candidates)
        super().__init__(
            f"'{name}' is ambiguous: it could be {listed}. Use a fuller name or the id."
        )


class BadDateError(KGError):
    """A date typed by a user is not YYYY, YYYY-MM or YYYY-MM-DD."""


class BadPathError(KGError):
    """A folder given by a user (``--data``, ``--store``) does not exist or is not a folder."""


class BadArgumentError(KGError):
    """Arguments that do not fit together or name nothing (an unknown contact id,
    ``--level`` with people)."""


class StoreError(KGError):
    """The store cannot be opened, built or written."""


class QueryError(KGError):
    """A SPARQL query that cannot run: malformed, or with a bad parameter.

    The message is the SPARQL parser's own where it comes from the parser.
    """


class QueryRefusedError(QueryError):
    """A well-formed request this store will not run: an update, ``SERVICE``,
    or a ``FROM`` naming a graph outside the store."""
