"""Running a :class:`~kg.importers.jsonl.lines.LineConverter` over a whole file.

:func:`convert_serial` converts every line in this process;
:func:`convert_parallel` sends contact lines, in batches, to forked worker
processes that start from a copy of the converter, and merges their results
in file order, so the output and the problems are the same either way.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import re
from collections import deque
from typing import Any, TextIO

from kg.importers.jsonl.lines import LineConverter, read_line

__all__ = [
    "MAX_PROBLEMS",
    "PARALLEL_BYTES",
    "BATCH_LINES",
    "too_many",
    "convert_serial",
    "convert_parallel",
]

#: Problems listed before the rest are only counted.
MAX_PROBLEMS = 50


def too_many(converter: LineConverter) -> bool:
    return len(converter.check.problems) > 10 * MAX_PROBLEMS


def convert_serial(converter: LineConverter, handle: TextIO, sink: TextIO) -> tuple[int, int]:
    """Convert every line in this process; the lines read and triples written."""
    lines = triples = 0
    for lines, text in enumerate(handle, start=1):  # noqa: B007 - counted
        if not text.strip():
            continue
        out = read_line(converter, lines, text)
        if converter.check.problems:
            if too_many(converter):
                break
            continue
        triples += len(out)
        sink.write("".join(out))
    return lines, triples


#: A line that is certainly a contact record: ``record`` is its first key
#: (and, checked besides, its only one), as generators write it.
_CONTACT_LINE = re.compile(r'\s*\{\s*"record"\s*:\s*"contact"\s*[,}]')
#: Above this size, :func:`convert` spreads contact lines over processes.
PARALLEL_BYTES = 8 << 20
#: Contact lines sent to a worker process at a time.
BATCH_LINES = 2000
#: The converter forked worker processes start from (see :func:`convert_parallel`).
_FORKED: LineConverter | None = None
#: What a worker sends back for one line: its number, N-Triples, the contact
#: id it defined, its problems (line, message, record), its date bounds.
_LineResult = tuple[int, str, str | None, list[tuple[int | None, str, str | None]],
                    dt.date | None, dt.date | None]  # fmt: skip


def _convert_batch(batch: list[tuple[int, str]]) -> list[_LineResult]:
    """In a worker: convert contact lines with the converter forked from the parent."""
    converter = _FORKED
    assert converter is not None
    results: list[_LineResult] = []
    for number, text in batch:
        converter.defined = None
        converter.first = converter.last = None
        converter.check.problems.clear()  # the parent's, when it forked, or the last line's
        out = read_line(converter, number, text)
        problems = [(p.line, p.message, p.record) for p in converter.check.problems]
        results.append(
            (number, "".join(out), converter.defined, problems, converter.first, converter.last)
        )
    return results


def convert_parallel(
    converter: LineConverter, handle: TextIO, sink: TextIO, workers: int
) -> tuple[int, int]:
    """Convert contact lines in forked worker processes, everything else here.

    Workers start from a copy of the converter (fork), which is what every
    contact line needs: the entities defined on earlier lines. A non-contact
    line after contacts waits for the contacts before it, then the next
    contacts go to workers forked anew. Results are merged in file order;
    a contact id used in two batches is caught here, as the serial
    conversion would catch it.
    """
    global _FORKED
    lines = triples = 0
    pool: Any = None
    pending: deque[Any] = deque()
    batch: list[tuple[int, str]] = []

    def merge(results: list[_LineResult]) -> None:
        nonlocal triples
        for number, out, defined, problems, first, last in results:
            for line, message, record in problems:
                converter.problem(line or number, message, record)
            if defined is not None:
                if not converter.define(defined, "contact", number):
                    continue
            if out and not converter.check.problems:
                triples += out.count("\n")
                sink.write(out)
            if first is not None and (converter.first is None or first < converter.first):
                converter.first = first
            if last is not None and (converter.last is None or last > converter.last):
                converter.last = last
            if out:
                converter.contacts += 1

    def dispatch() -> None:
        nonlocal pool, batch
        if not batch:
            return
        if pool is None:
            global _FORKED
            _FORKED = converter
            pool = mp.get_context("fork").Pool(workers)
        pending.append(pool.apply_async(_convert_batch, (batch,)))
        batch = []
        while len(pending) > 2 * workers:
            merge(pending.popleft().get())

    def drain() -> None:
        nonlocal pool
        dispatch()
        while pending:
            merge(pending.popleft().get())
        if pool is not None:
            pool.close()
            pool.join()
            pool = None

    try:
        for lines, text in enumerate(handle, start=1):  # noqa: B007 - counted
            if not text.strip():
                continue
            if _CONTACT_LINE.match(text) and text.count('"record"') == 1:
                batch.append((lines, text))
                if len(batch) >= BATCH_LINES:
                    dispatch()
            else:
                drain()  # the line may define what later contacts use
                out = read_line(converter, lines, text)
                if not converter.check.problems:
                    triples += len(out)
                    sink.write("".join(out))
            if too_many(converter):
                break
        drain()
    finally:
        if pool is not None:
            pool.terminate()
        _FORKED = None
    return lines, triples
