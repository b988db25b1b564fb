"""Bulk import (kg.importers.jsonl, ``kg import contacts``): same RDF as the loader, checked, atomic."""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic

from kg.cli.commands.jsonl import IMPORT_SUBCOMMANDS, contacts
from kg.cli.support import Settings
from kg.dates import parse_edtf
from kg.errors import InvalidDataError
from kg.importers.jsonl import convert, read_topics
from kg.importers.jsonl.lines import LineConverter, date_bounds
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.query import last_contact, sources
from kg.records import model, yaml_lines
from kg.records import reading as rec
from kg.records.curated import records_to_graph
from kg.store import open_store, source_graph

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 1, 1)
#: Kinds in an order where every reference points to an earlier line.
ORDER = (
    ("countries", "country"),
    ("organisations", "organisation"),
    ("sources", "source"),
    ("posts", "post"),
    ("people", "person"),
    ("agents", "agent"),
    ("contacts", "contact"),
)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def bundled_as_bulk(target: Path) -> Path:
    """The bundled curated records, rewritten as one bulk JSON Lines file."""
    sections: dict[str, list[Any]] = {}
    for path in sorted(Path(bundled_data_dir()).rglob("*.yaml")):
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml_lines.LineLoader)  # noqa: S506
        for key, items in (document or {}).items():
            if key != "__line__":
                sections.setdefault(key, []).extend(items)
    with target.open("w", encoding="utf-8") as out:
        for section, kind in ORDER:
            for item in sections.get(section, []):
                out.write(json.dumps({"record": kind, **_strip_lines(item)}) + "\n")
    return target


def synthetic(contacts: int = 300, people: int = 200) -> str:
    """A small file from scripts/gen_synthetic.py (fixed seed)."""
    spec = importlib.util.spec_from_file_location(
        "gen_synthetic", ROOT / "scripts/gen_synthetic.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = io.StringIO()
    module.generate(out, contacts, people)
    return out.getvalue()


@pytest.fixture(scope="module")
def topics() -> set[str]:
    return read_topics(bundled_ontology_dir())


def test_bulk_gives_the_loaders_graph(tmp_path: Path, topics: set[str]) -> None:
    """Every curated record imported in bulk gives exactly the loader's triples."""
    bulk = bundled_as_bulk(tmp_path / "bundled.jsonl")
    counts = convert(bulk, tmp_path / "bundled.nt", topics=topics, today=TODAY)
    records = rec.read_records(Path(bundled_data_dir()), topics, today=TODAY)
    expected, _ = records_to_graph(records)
    got = Graph().parse(tmp_path / "bundled.nt", format="nt")
    assert counts.contacts == len(records.contacts)
    if not isomorphic(got, expected):
        _, only_bulk, only_loader = graph_diff(got, expected)
        pytest.fail(
            f"only in bulk: {sorted(only_bulk)[:5]}\nonly in loader: {sorted(only_loader)[:5]}"
        )


def test_output_is_deterministic(tmp_path: Path, topics: set[str]) -> None:
    source = tmp_path / "syn.jsonl"
    source.write_text(synthetic(), encoding="utf-8")
    convert(source, tmp_path / "a.nt", topics=topics, today=TODAY)
    convert(source, tmp_path / "b.nt", topics=topics, today=TODAY)
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()


def test_synthetic_data_has_every_status(tmp_path: Path, topics: set[str]) -> None:
    source = tmp_path / "syn.jsonl"
    source.write_text(synthetic(), encoding="utf-8")
    convert(source, tmp_path / "syn.nt", topics=topics, today=TODAY)
    text = (tmp_path / "syn.nt").read_text(encoding="utf-8")
    for status in ("Confirmed", "Reported", "Disputed", "Denied"):
        assert f"/ns#status> <https://w3id.org/kg-contacts/ns#{status}>" in text
    for precision in ("unitDay", "unitMonth", "unitYear"):
        assert f"#precision> <http://www.w3.org/2006/time#{precision}>" in text


def test_quick_path_reads_lines_as_the_full_checks_do(topics: set[str]) -> None:
    converter = LineConverter("syn.jsonl", topics, TODAY)
    lines = [json.loads(line) for line in synthetic().splitlines()]
    compared = 0
    for number, raw in enumerate(lines, start=1):
        if raw.pop("record") != "contact":
            continue
        where = model.Where("syn.jsonl", number)
        quick = converter.quick_contact(dict(raw), where)
        full = converter.read_contact(converter.fields(dict(raw), where, "contact"))
        assert quick is not None and quick == full
        compared += 1
    assert compared == 300 and not converter.check.problems
    # Anything unusual goes to the full checks.
    odd = {"id": "x", "type": "meeting", "date": " 2020 ", "participants": [], "claims": []}
    assert converter.quick_contact(odd, model.Where("f", 1)) is None


@pytest.mark.parametrize(
    "text",
    ["2024-04-03", "2022-10", "2022", "2024-02", "2023-02", "2022-02-07/2022-02-08",
     "2022-01/2022-03", "2021/2022", "2023-04~", "2022-21", "202X"],
)  # fmt: skip
def test_fast_dates_agree_with_parse_edtf(text: str) -> None:
    assert date_bounds(text) == parse_edtf(text)


@pytest.mark.parametrize("text", ["2024-02-30", "2022-13", "2022-10/2022-09", "2022/.."])
def test_bad_dates_are_refused_as_parse_edtf_refuses_them(text: str) -> None:
    with pytest.raises(ValueError):
        date_bounds(text)


HEAD = [
    {"record": "country", "id": "fr", "name": "France"},
    {"record": "country", "id": "ru", "name": "Russia"},
    {"record": "organisation", "id": "afp", "name": "AFP"},
    {"record": "source", "id": "s1", "title": "A report", "publisher": "afp"},
]


def contact(ident: str, **fields: Any) -> dict[str, Any]:
    line = {
        "record": "contact",
        "id": ident,
        "type": "meeting",
        "date": "2021-03",
        "participants": ["fr", "ru"],
        "claims": [{"about": "occurred", "by": "afp", "source": "s1"}],
    }
    return {**line, **fields}


def write(path: Path, lines: list[Any]) -> Path:
    path.write_text(
        "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "bad.jsonl:5: not valid JSON"),
        ('["a list"]', "bad.jsonl:5: each line must be a JSON object"),
        ({"record": "meteor", "id": "m"}, "bad.jsonl:5: record 'm': field 'record' must be one of"),
        (contact("c1", participants=["fr", "xx"]), "unknown participant 'xx': no earlier line defines it"),
        (contact("c1", participants=["fr", "later"]), "unknown participant 'later': no earlier line defines it"),
        (contact("c1", participants=["fr"]), "a contact needs at least two participants, found 1"),
        (contact("c1", date="2999-01-01"), "2999-01-01 is in the future"),
        (contact("c1", date="2024-02-30"), "field 'date': '2024-02-30' is not a valid EDTF date"),
        (contact("c1", claims=[{"about": {"topic": "nothing"}, "by": "afp", "source": "s1"}]),
         "unknown topic 'nothing'"),
        (contact("c1", claims=[{"about": "occurred", "by": "afp", "source": "s9"}]),
         "unknown source 's9'"),
        (contact("fr"), "bad.jsonl:5: record 'fr': duplicate id; it is already used at line 1"),
        (contact("c1", colour="red"), "record 'c1': unknown field 'colour'"),
    ],
)  # fmt: skip
def test_a_bad_line_is_named_and_nothing_is_written(
    tmp_path: Path, topics: set[str], line: Any, message: str
) -> None:
    later = {"record": "country", "id": "later", "name": "Later"}
    source = write(tmp_path / "bad.jsonl", [*HEAD, line, later])
    target = tmp_path / "imports" / "bad.nt"
    target.parent.mkdir()
    target.write_text("previous\n", encoding="utf-8")
    with pytest.raises(InvalidDataError) as caught:
        convert(source, target, topics=topics, today=TODAY)
    assert message in str(caught.value)
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in target.parent.iterdir()] == ["bad.nt"]


def test_statuses_follow_the_claims(tmp_path: Path, topics: set[str]) -> None:
    claims = [
        {"about": "occurred", "by": "fr", "source": "s1"},
        {"about": "occurred", "stance": "denies", "by": "ru", "source": "s1"},
    ]
    source = write(tmp_path / "in.jsonl", [*HEAD, contact("c1", claims=claims)])
    convert(source, tmp_path / "out.nt", topics=topics, today=TODAY)
    text = (tmp_path / "out.nt").read_text(encoding="utf-8")
    assert (
        "<https://w3id.org/kg-contacts/id/contact/c1> <https://w3id.org/kg-contacts/ns#status> "
        "<https://w3id.org/kg-contacts/ns#Disputed> ." in text
    )


def test_command_imports_and_the_store_answers(tmp_path: Path) -> None:
    store = tmp_path / "store"
    people = [
        {"record": "post", "id": "fr-fm", "name": "French foreign minister", "country": "fr",
         "level": "foreign-minister"},
        {"record": "person", "id": "bulk-a", "name": "Anna Bulkova",
         "tenures": [{"post": "fr-fm", "start": "2020-01-01", "source": "s1"}]},
        {"record": "person", "id": "bulk-b", "name": "Boris Bulkin"},
    ]  # fmt: skip
    lines = [
        *HEAD,
        *people,
        contact("c1", participants=["bulk-a", "bulk-b"], date="2021-03"),
        contact("c2", participants=["bulk-b", "bulk-a"], date="2022-05-04"),
    ]
    source = write(tmp_path / "wire.jsonl", lines)
    settings = Settings(str(store), None)
    result = CliRunner().invoke(contacts, [str(source), "--source", "wire-1"], obj=settings)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Imported 2 contacts and 7 other records (105 triples) as source 'wire-1', "
        "and rebuilt the store.\n"
    )
    assert (store / "imports" / "wire-1.nt.gz").is_file()
    opened = open_store(str(store), settings.inputs())
    answer = last_contact(opened, "Anna Bulkova", "Boris Bulkin")
    assert answer.last is not None and answer.last.id == "c2"
    answer = last_contact(opened, "France", "Boris Bulkin")
    assert answer.last is not None and answer.last.id == "c2"
    graphs = opened.select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?c a <https://w3id.org/kg-contacts/ns#Contact> } }"
        " ORDER BY ?g"
    )
    assert source_graph("wire-1") in [g["g"] for g in graphs]
    listed = {s.name: (s.contacts, s.records, s.dates) for s in sources(opened)}
    assert listed["wire-1"] == (2, 9, "2021-03-01/2022-05-04")
    assert IMPORT_SUBCOMMANDS == [contacts]


def test_an_import_is_kept_gzipped_and_one_kept_plain_is_still_read(tmp_path: Path) -> None:
    """kg kept imports as plain N-Triples before: such a store still answers, and
    importing again replaces the plain file with the gzipped one."""
    store = tmp_path / "store"
    people = [{"record": "person", "id": f"bulk-{n}", "name": f"Bulk {n}"} for n in "ab"]
    lines = [*HEAD, *people, contact("c1", participants=["bulk-a", "bulk-b"], date="2021-03")]
    source = write(tmp_path / "wire.jsonl", lines)
    settings = Settings(str(store), None)
    assert CliRunner().invoke(contacts, [str(source)], obj=settings).exit_code == 0
    zipped = store / "imports" / "wire.nt.gz"
    plain = gzip.decompress(zipped.read_bytes())
    assert plain.startswith(b"<https://") and len(zipped.read_bytes()) < len(plain)
    (store / "imports" / "wire.nt").write_bytes(plain)  # as an older kg left it
    zipped.unlink()
    answer = last_contact(open_store(str(store), settings.inputs()), "Bulk a", "Bulk b")
    assert answer.last is not None and answer.last.id == "c1"
    assert CliRunner().invoke(contacts, [str(source)], obj=settings).exit_code == 0
    assert sorted(p.name for p in (store / "imports").iterdir()) == [".lock", "wire.nt.gz"]
    assert gzip.decompress(zipped.read_bytes()) == plain


def test_command_refuses_a_bad_file_and_keeps_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    source = write(tmp_path / "wire.jsonl", [*HEAD, contact("c1", participants=["fr"])])
    result = CliRunner().invoke(contacts, [str(source)], obj=Settings(str(store), None))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "wire.jsonl:5: record 'c1': a contact needs at least two participants" in result.stderr
    assert not (store / "imports" / "wire.nt.gz").exists()


def test_command_refuses_a_bad_source_name(tmp_path: Path) -> None:
    source = write(tmp_path / "wire.jsonl", HEAD)
    result = CliRunner().invoke(
        contacts, [str(source), "--source", "Bad Name"], obj=Settings(str(tmp_path / "s"), None)
    )
    assert result.exit_code == 1
    assert "'Bad Name' is not a valid source name" in result.stderr


def test_the_readme_example_imports(tmp_path: Path, topics: set[str]) -> None:
    readme = (ROOT / "docs" / "importing.md").read_text(encoding="utf-8")
    section = readme.split("## `kg import contacts", 1)[1]
    example = section.split("```json\n", 1)[1].split("```", 1)[0]
    source = tmp_path / "wire.jsonl"
    source.write_text(example, encoding="utf-8")
    counts = convert(source, tmp_path / "wire.nt", topics=topics, today=TODAY)
    assert (counts.entities, counts.contacts) == (5, 1)
    assert "#Disputed> ." in (tmp_path / "wire.nt").read_text(encoding="utf-8")


def test_worker_processes_give_the_same_output_and_problems(
    tmp_path: Path, topics: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Contact lines converted in parallel give the serial conversion's bytes, and the same
    problems in the same order, whatever the batches: a duplicate id across batches, an
    entity defined between contacts, problems in several batches."""
    import kg.importers.jsonl.running

    monkeypatch.setattr(kg.importers.jsonl.running, "BATCH_LINES", 7)
    good = synthetic(contacts=120, people=60)
    source = write(tmp_path / "syn.jsonl", good.splitlines())
    outputs = []
    for workers in (1, 2):
        target = tmp_path / f"w{workers}.nt"
        counts = convert(source, target, topics=topics, today=TODAY, workers=workers)
        outputs.append((target.read_bytes(), counts))
    assert outputs[0] == outputs[1]

    later = {"record": "country", "id": "later", "name": "Later"}
    lines = [*HEAD, contact("c1"), *[contact(f"c{i}") for i in range(2, 20)],
             contact("c1"), contact("c30", participants=["fr", "later"]), later,
             contact("c31", participants=["fr", "later"]), contact("c32", date="2999-01-01"),
             {"id": "c33", "record": "contact", "type": "meeting", "date": "2021",
              "participants": ["fr", "ru"], "claims": []}]  # fmt: skip
    bad = write(tmp_path / "bad.jsonl", lines)
    messages = []
    for workers in (1, 2):
        with pytest.raises(InvalidDataError) as caught:
            convert(bad, tmp_path / "bad.nt", topics=topics, today=TODAY, workers=workers)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert "record 'c1': duplicate id; it is already used at line 5" in messages[1]
    assert "unknown participant 'later'" in messages[1]
    assert "2999-01-01 is in the future" in messages[1]
    assert not (tmp_path / "bad.nt").exists()
