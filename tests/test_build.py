"""Building the store: validation, atomic replacement, automatic rebuilds."""

from __future__ import annotations

import json
import marshal
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic

from kg.errors import AmbiguousEntityError, InvalidDataError
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.query import last_contact
from kg.query.names import NameIndex
from kg.records.curated import build_graphs
from kg.store import CURATED_GRAPH, EmbeddedStore, Inputs, build_store, open_store

NEW_CONTACT = """
contacts:
  - id: lavrov-blinken-2023-07
    type: meeting
    date: 2023-07~
    participants: [lavrov, blinken]
    claims:
      - {about: occurred, by: afp, source: afp-2024-04-03}
"""


def test_bundled_data_passes_shacl() -> None:
    built = build_graphs(bundled_data_dir(), bundled_ontology_dir())
    assert len(built.records.contacts) == 9
    assert len(built.data) > 500


def test_round_trip_is_isomorphic(store_dir: Path) -> None:
    built = build_graphs(bundled_data_dir(), bundled_ontology_dir())
    store = open_store(store_dir, Inputs.default())
    dumped = store.oxigraph.dump(format=__import__("pyoxigraph").RdfFormat.N_QUADS)
    dataset = Dataset()
    dataset.parse(data=dumped.decode("utf-8"), format="nquads")
    curated = Graph()
    for triple in dataset.graph(CURATED_GRAPH):
        curated.add(triple)
    if not isomorphic(curated, built.data):
        _, only_store, only_built = graph_diff(curated, built.data)
        pytest.fail(
            f"store and loader disagree:\nonly in store:\n{only_store.serialize(format='nt')}"
            f"\nonly in loader:\n{only_built.serialize(format='nt')}"
        )


def test_build_command_reports_success(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("build", store=tmp_path / "fresh")
    assert result.exit_code == 0
    assert result.stdout.startswith("Store ready: ")
    assert (tmp_path / "fresh" / "CURRENT").is_file()


def test_broken_file_is_reported_and_previous_store_answers(
    run: Callable[..., Result], data_copy: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    assert run("--data", str(data_copy), "build", store=store).exit_code == 0
    contacts = data_copy / "contacts" / "afp-2024-04-03.yaml"
    text = contacts.read_text(encoding="utf-8")
    contacts.write_text(
        text.replace("participants: [lavrov, blinken]", "participants: [lavrov]"),
        encoding="utf-8",
    )
    result = run("--data", str(data_copy), "build", store=store)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: 1 problem in the data; nothing was built")
    assert (
        "contacts/afp-2024-04-03.yaml:151: record 'lavrov-blinken-2023-04': "
        "a contact needs at least two participants, found 1" in result.stderr
    )
    answer = run("--data", str(data_copy), "last-contact", "Lecornu", "Shoigu", store=store)
    assert answer.exit_code == 0
    assert "2024-04-03" in answer.stdout
    assert answer.stderr.startswith(
        "Warning: the data changed but has 1 problem, so answers come from the previous build"
    )


def test_yaml_syntax_error_names_file_and_line(
    run: Callable[..., Result], data_copy: Path, tmp_path: Path
) -> None:
    (data_copy / "broken.yaml").write_text("contacts:\n  - id: x\n   type: [\n", encoding="utf-8")
    result = run("--data", str(data_copy), "build", store=tmp_path / "s")
    assert result.exit_code == 1
    assert "broken.yaml:3: YAML syntax error" in result.stderr
    assert not (tmp_path / "s" / "CURRENT").exists()


def test_no_good_build_at_all_is_an_error(
    run: Callable[..., Result], data_copy: Path, tmp_path: Path
) -> None:
    (data_copy / "people.yaml").write_text("people:\n  - id: x\n", encoding="utf-8")
    result = run("--data", str(data_copy), "last-contact", "A", "B", store=tmp_path / "s")
    assert result.exit_code == 1
    assert "people.yaml:2: record 'x': missing field 'name'" in result.stderr


def test_changed_data_rebuilds_automatically(data_copy: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    inputs = Inputs(data_copy, bundled_ontology_dir())
    first = build_store(store_dir, inputs)
    (data_copy / "contacts" / "extra.yaml").write_text(NEW_CONTACT, encoding="utf-8")
    store = open_store(store_dir, inputs)
    assert store.warning is None
    assert store.info["fingerprint"] != first["fingerprint"]
    rows = store.select(
        "PREFIX kg: <https://w3id.org/kg-contacts/ns#> "
        "SELECT ?e ?l WHERE { ?c kg:edtf '2023-07~' ; kg:earliest ?e ; kg:latest ?l }"
    )
    assert rows == [{"e": "2023-06-01", "l": "2023-08-31"}]


def test_unchanged_data_reuses_the_build(store_dir: Path) -> None:
    before = json.loads((store_dir / "CURRENT").read_text())
    info = build_store(store_dir, Inputs.default())
    assert info["fingerprint"] == before["fingerprint"]
    assert info["built_at"] == before["built_at"]


@pytest.mark.parametrize(
    "change, message",
    [
        (
            ("participants: [lavrov, blinken]", "participants: [lavrov, nobody]"),
            "unknown participant 'nobody'; add it to people, countries or organisations",
        ),
        (
            ("date: 2023-04\n", "date: 2023-02-30\n"),
            "field 'date': '2023-02-30' is not a valid EDTF date",
        ),
        (("date: 2023-04\n", "date: 2099-01\n"), "field 'date': 2099-01 is in the future"),
        (
            ("id: shoigu-austin-2023-03", "id: lavrov-blinken-2023-04"),
            "duplicate id; it is already used at",
        ),
        (
            ("type: phone-call\n    date: 2023-04", "type: telegram\n    date: 2023-04"),
            "field 'type': 'telegram' is not one of: phone-call",
        ),
        (("about: {topic: war-in-ukraine}", "about: {topic: weather}"), "unknown topic 'weather'"),
    ],
)
def test_cross_record_checks(data_copy: Path, change: tuple[str, str], message: str) -> None:
    contacts = data_copy / "contacts" / "afp-2024-04-03.yaml"
    text = contacts.read_text(encoding="utf-8")
    assert change[0] in text
    contacts.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(InvalidDataError) as caught:
        build_graphs(data_copy, bundled_ontology_dir())
    assert any(message in str(p) for p in caught.value.problems), caught.value
    assert all(p.path.endswith(".yaml") for p in caught.value.problems)


def test_tenure_ending_before_it_starts(data_copy: Path) -> None:
    people = data_copy / "people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("end: 2024-05-12", "end: 2011-05-12"), encoding="utf-8")
    with pytest.raises(InvalidDataError) as caught:
        build_graphs(data_copy, bundled_ontology_dir())
    assert [str(p) for p in caught.value.problems] == [
        "people.yaml:72: record 'shoigu': tenure of 'ru-minister-defence' ends (2011-05-12) "
        "before it starts (2012-11-06)"
    ]


def test_the_data_readme_example_builds(tmp_path: Path) -> None:
    readme = (Path(bundled_data_dir()) / "README.md").read_text(encoding="utf-8")
    example = readme.split("## A complete example", 1)[1].split("```yaml\n", 1)[1].split("```")[0]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "example.yaml").write_text(example, encoding="utf-8")
    store = open_store(tmp_path / "store", Inputs(tmp_path / "data", bundled_ontology_dir()))
    answer = last_contact(store, "Lecornu", "Shoigu")
    assert answer.last is not None
    assert answer.last.status == "confirmed"
    assert [(s.object, s.status) for s in answer.last.initiators] == [("France", "reported")]
    assert [(s.object_id, s.status) for s in answer.last.topics] == [
        ("ukraine-peace-talks", "disputed")
    ]


def test_imported_sources_load_into_their_own_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    imports = tmp_path / "imports"
    imports.mkdir()
    person = "https://w3id.org/kg-contacts/id/person/lecornu"
    inputs = Inputs(bundled_data_dir(), bundled_ontology_dir(), imports)
    build_store(tmp_path / "store", inputs)
    # The curated records did not change: the import's build reuses their checked graphs
    # instead of loading and validating them again (seconds, most of a small import).
    monkeypatch.setattr("kg.store.build.build_graphs", lambda *_: pytest.fail("curated rebuilt"))
    (imports / "sample.nt").write_text(
        f'<{person}> <http://www.w3.org/2004/02/skos/core#altLabel> "S. Lecornu" .\n',
        encoding="utf-8",
    )
    store = open_store(tmp_path / "store", inputs)
    rows = store.select(
        "SELECT ?g WHERE { GRAPH ?g { ?s <http://www.w3.org/2004/02/skos/core#altLabel> "
        '"S. Lecornu" } }'
    )
    assert rows == [{"g": "https://w3id.org/kg-contacts/id/graph/source-sample"}]
    assert store.info["imports"] == ["sample"]
    # Removing the source rebuilds without it; a broken one keeps the last good build.
    (imports / "sample.nt").write_text("not n-triples\n", encoding="utf-8")
    kept = open_store(tmp_path / "store", inputs)
    assert kept.warning is not None and "1 problem" in kept.warning
    (imports / "sample.nt").unlink()
    assert open_store(tmp_path / "store", inputs).info["imports"] == []


def test_the_saved_name_index_answers_like_a_fresh_one(store: EmbeddedStore) -> None:
    from kg.query.names import index_from_rows
    from kg.rq import load_query

    saved = store.saved_name_index()
    assert saved is not None
    fresh = index_from_rows(store.select(load_query("entities")))
    for name in ["Lecornu", "sergei shoigu", "French defence minister", "Q7747", "Russia"]:
        assert saved.resolve(name) == fresh.resolve(name)
    with pytest.raises(AmbiguousEntityError):
        saved.resolve("Sergei")
    # an index saved in another format is ignored: names are then read from the store
    assert NameIndex.loads(marshal.dumps((0, [], []))) is None
    assert NameIndex.loads(b"not an index") is None
