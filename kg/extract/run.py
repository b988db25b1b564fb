"""The library call behind ``kg extract``: read the file, extract, render."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kg.errors import BadDateError, BadPathError

__all__ = ["run_extract", "read_article_file"]


def read_article_file(path: str) -> str:
    """The text of an article file; a missing or unreadable file is a :class:`BadPathError`."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise BadPathError(
            f"no article file at '{path}'; give the path of a plain-text article"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise BadPathError(f"cannot read the article '{path}': {exc}") from exc


def run_extract(inputs: Any, path: str, published: str, publisher: str | None,
                title: str | None, fmt: str) -> str:  # fmt: skip
    """Extract candidates from the article at ``path`` against the data of ``inputs``; render as ``fmt``."""
    from kg.extract import extract
    from kg.extract.gazetteer import load_gazetteer
    from kg.output.formats import render

    text = read_article_file(path)
    try:
        day = dt.date.fromisoformat(published)
    except ValueError as exc:
        raise BadDateError(
            f"the publication day '{published}' is not a day in the form YYYY-MM-DD"
        ) from exc
    gazetteer = load_gazetteer(inputs.data_dir, inputs.ontology_dir)
    found = extract(text, day, gazetteer, publisher=publisher, title=title)
    rendered: str = render(fmt, "records", found, f"'{Path(path).name}'")
    return rendered
