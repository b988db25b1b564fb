"""Finding titled names in remarks: the time it takes grows with the text, no faster."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager

from kg.importers.mentions import find_mentions

REMARK = (
    "Met with President Emmanuel Macron, Foreign Minister Stéphane Séjourné, and Defense "
    "Minister Sébastien Lecornu. Attended a dinner hosted by Russian Foreign Minister Sergei "
    "Lavrov; discussed the situation with the late President De Gaulle's biographers. "
)


def _remark(size: int) -> str:
    return (REMARK * (size // len(REMARK) + 1))[:size]


class _TooSlow(Exception):
    pass


@contextmanager
def _at_most(seconds: float) -> Iterator[None]:
    """Stop the block with :class:`_TooSlow` after ``seconds`` (a quadratic scan takes
    minutes on the large text: fail instead of waiting)."""

    def stop(signum: int, frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _seconds(text: str) -> float:
    started = time.perf_counter()
    find_mentions(text)
    return time.perf_counter() - started


def test_a_long_remark_takes_time_in_proportion_to_its_length() -> None:
    small, large = _remark(88_000), _remark(1_400_000)  # 16 times longer
    assert len(find_mentions(small)) > 1000
    baseline = min(_seconds(small) for _ in range(3))
    # linear: about 16 times the small text's time; quadratic (the old scan): 256 times.
    # The bound leaves room for a busy machine, never a wall-clock figure.
    limit = 64 * baseline
    try:
        with _at_most(max(limit, 0.5) * 2):
            taken = _seconds(large)
    except _TooSlow:
        raise AssertionError(f"1.4 MB of remarks took over {2 * limit:.2f} s") from None
    assert taken < limit, (taken, baseline)


def test_a_month_ends_a_name_only_before_a_date() -> None:
    found = find_mentions("Met with Queen Elizabeth II and Prime Minister Theresa May.")
    assert [m.name for m in found] == ["Elizabeth II", "Theresa May"]
    found = find_mentions("Met with President Hosni Mubarak May 5, 1990.")
    assert [m.name for m in found] == ["Hosni Mubarak"]
