"""Curated YAML that is hostile or broken gets one line naming file and line, quickly.

Every case runs with both loaders: libyaml's (used when PyYAML has it) and the
pure-Python one kg falls back to.
"""

from __future__ import annotations

import importlib.util
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from kg.errors import InvalidDataError
from kg.paths import bundled_data_dir
from kg.records import reading, yaml_lines

ROOT = Path(__file__).resolve().parents[1]
LOADERS = sorted({yaml_lines.PyLineLoader, yaml_lines.LineLoader}, key=lambda c: c.__name__)

#: 342 bytes that expand to 9^9 strings ("billion laughs").
BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{before}'] * 9 if before else ['lol'] * 9)}]\n"
    for before, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


@pytest.fixture(params=LOADERS, ids=lambda c: c.__name__)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> type:
    """Each YAML loader in turn, as the one the reader uses."""
    monkeypatch.setattr(yaml_lines, "LineLoader", request.param)
    return request.param  # type: ignore[no-any-return]


class _TooSlow(Exception):
    pass


@contextmanager
def _at_most(seconds: float) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _problems(folder: Path) -> list[str]:
    with _at_most(30), pytest.raises(InvalidDataError) as caught:
        reading.read_records(folder, topics=set())
    return [str(p) for p in caught.value.problems]


def test_libyaml_reads_curated_data_when_pyyaml_has_it() -> None:
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml here: the Python loader is the one used")
    assert issubclass(yaml_lines.LineLoader, yaml.CSafeLoader)


def _generated(size: int) -> str:
    spec = importlib.util.spec_from_file_location("bench_yaml", ROOT / "scripts/bench_yaml.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = module.generate(size)
    assert isinstance(text, str)
    return text


def test_both_loaders_read_the_same_documents_and_lines() -> None:
    texts = [
        p.read_text(encoding="utf-8") for p in sorted(Path(bundled_data_dir()).rglob("*.yaml"))
    ]
    texts.append(_generated(50_000))
    for text in texts:
        documents = {loader: yaml_lines.load_yaml(text, loader) for loader in LOADERS}
        first = documents[LOADERS[0]]
        assert all(found == first for found in documents.values())
        assert first[1] == []
    # the line of every record is where its mapping starts
    contact = yaml_lines.load_yaml(texts[-1])[0]["contacts"][1]
    assert (contact["id"], contact["__line__"]) == ("generated-1", 15)


def _write(tmp_path: Path, text: str, name: str = "hostile.yaml") -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path, loader: type) -> None:
    assert len(BOMB) < 600
    assert _problems(_write(tmp_path, BOMB)) == [
        "hostile.yaml:2: YAML aliases (*name) are not accepted in record files: write the "
        "value out in full, and drop the anchor (&name)"
    ]


def test_any_alias_is_refused(tmp_path: Path, loader: type) -> None:
    text = "countries:\n  - &fr {id: fr, name: France}\n  - *fr\n"
    assert _problems(_write(tmp_path, text)) == [
        "hostile.yaml:3: YAML aliases (*name) are not accepted in record files: write the "
        "value out in full, and drop the anchor (&name)"
    ]


@pytest.mark.parametrize(
    "text, line",
    [
        ("countries: " + "[" * 5000 + "]" * 5000 + "\n", 1),
        ("countries:\n" + "".join("  " * i + "k:\n" for i in range(1, 5001)) + " " * 10002 + "v\n", None),
        ("countries: " + "[" * 200 + "]" * 200 + "\n", 1),
        ("countries:\n" + "".join("  " * i + "k:\n" for i in range(1, 201)) + "  " * 201 + "v\n", None),
    ],
    ids=["flow-5000", "block-5000", "flow-200", "block-200"],
)  # fmt: skip
def test_deep_nesting_is_one_problem_not_a_recursion_error(
    tmp_path: Path, loader: type, text: str, line: int | None
) -> None:
    [problem] = _problems(_write(tmp_path, text))
    assert problem.startswith("hostile.yaml:")
    assert "nest" in problem
    if line is not None:
        assert problem.startswith(f"hostile.yaml:{line}:")


def test_a_key_given_twice_is_a_problem_at_its_line(tmp_path: Path, loader: type) -> None:
    text = (
        "countries:\n"
        "  - id: fr\n"
        "    name: France\n"
        "    name: French Republic\n"
        "  - {id: ru, name: Russia, id: su}\n"
    )
    assert _problems(_write(tmp_path, text)) == [
        "hostile.yaml:4: key 'name' appears twice in one mapping; keep one (YAML would keep the "
        "last silently)",
        "hostile.yaml:5: key 'id' appears twice in one mapping; keep one (YAML would keep the "
        "last silently)",
    ]


def test_an_over_long_value_is_refused_where_it_is(tmp_path: Path, loader: type) -> None:
    name = "X" * (yaml_lines.MAX_TEXT + 1)
    text = f"countries:\n  - id: fr\n    name: France\n  - id: xx\n    name: {name}\n"
    assert _problems(_write(tmp_path, text)) == [
        "hostile.yaml:5: a value of 1,048,577 characters is longer than the 1,048,576 a "
        "record's value may have; shorten it"
    ]
    # at the limit, the value is read
    text = text.replace(name, name[1:])
    assert len(reading.read_records(_write(tmp_path, text), topics=set()).countries) == 2


def test_problems_quote_values_briefly(tmp_path: Path, loader: type) -> None:
    text = "countries:\n  - id: fr\n    name: [" + ", ".join(["a"] * 100_000) + "]\n"
    [problem] = _problems(_write(tmp_path, text))
    assert problem.startswith("hostile.yaml:2: record 'fr': field 'name' must be a non-empty")
    assert len(problem) < 200


def test_build_names_the_file_and_keeps_the_previous_store(
    run: Callable[..., Result], data_copy: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    assert run("--data", str(data_copy), "build", store=store).exit_code == 0
    cached = sorted((store / "curated").iterdir())
    (data_copy / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    (data_copy / "big.yaml").write_text(
        "countries:\n  - id: xx\n    name: " + "X" * (17 << 20) + "\n", encoding="utf-8"
    )
    with _at_most(60):
        result = run("--data", str(data_copy), "build", store=store)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 2 problems in the data; nothing was built and the previous store was kept:\n"
        "  big.yaml:3: a value of 17,825,792 characters is longer than the 1,048,576 a record's "
        "value may have; shorten it\n"
        "  bomb.yaml:2: YAML aliases (*name) are not accepted in record files: write the value "
        "out in full, and drop the anchor (&name)\n"
    )
    assert sorted((store / "curated").iterdir()) == cached
    answer = run("--data", str(data_copy), "last-contact", "Lecornu", "Shoigu", store=store)
    assert answer.exit_code == 0
    assert answer.stderr.startswith("Warning: the data changed but has 2 problems")
