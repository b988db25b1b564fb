"""Each participant's own post and country at a contact (kg:Participation).

A participant's posts come from their own tenures at the contact's date and
they act for one country: never the place of the contact, never another
participant's. The shapes refuse a graph that says otherwise, and the level
question needs two different people.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from rdflib import Graph, URIRef

from kg.errors import InvalidDataError
from kg.paths import bundled_ontology_dir
from kg.records.curated import SHAPES_FILE, build_graphs, load_ontology, validate
from tests.minidata import write_dataset

ID = "https://w3id.org/kg-contacts/id/"
KG = "https://w3id.org/kg-contacts/ns#"

EXTRA = """
countries:
  - {id: cc, name: Carpania}
posts:
  - {id: aa-hos, name: President of Aland, country: aa, level: head-of-state}
  - {id: cc-hos, name: President of Carpania, country: cc, level: head-of-state}
  - {id: cc-co-prince, name: Co-Prince of Carpania, country: cc, level: head-of-state}
people:
  - id: dan
    name: Dan Doe
    tenures:
      - {post: aa-hos, start: 2020-01-01, source: wire-1}
      - {post: cc-co-prince, start: 2020-01-01, source: wire-1}
  - id: eve
    name: Eve Roe
    tenures: [{post: cc-hos, start: 2020-01-01, source: wire-1}]
contacts:
  - id: abroad
    type: meeting
    date: 2024-05-01
    location: Carpania
    participants: [ann, bob, {id: cc, role: host}]
    claims: [{about: occurred, by: wire, source: wire-1}]
  - id: one-man-two-countries
    type: phone-call
    date: 2024-05-02
    participants: [dan, ann]
    claims: [{about: occurred, by: wire, source: wire-1}]
  - id: presidents
    type: phone-call
    date: 2024-04-01
    participants: [dan, eve]
    claims: [{about: occurred, by: wire, source: wire-1}]
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = write_dataset(tmp_path / "data", "")
    (folder / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    return folder


def _answer(run: Callable[..., Result], data: Path, store: Path, *args: str) -> dict[str, object]:
    result = run("--data", str(data), "last-contact", *args, "--format", "json", store=store)
    assert result.exit_code in (0, 1), result.stderr
    answer: dict[str, object] = json.loads(result.stdout)
    return answer


def test_each_participant_acts_for_their_own_country(
    run: Callable[..., Result], data: Path, tmp_path: Path
) -> None:
    answer = _answer(run, data, tmp_path / "s", "Ann Smith", "Bob Smith")
    last = answer["last"]
    assert isinstance(last, dict)
    assert last["id"] == "abroad" and last["location"] == "Carpania"
    people = {p["id"]: (p["posts"], p["country"]) for p in last["participants"]}
    assert people == {
        "ann": (["Aland foreign minister"], "Aland"),
        "bob": (["Borduria foreign minister"], "Borduria"),
        "cc": ([], "Carpania"),
    }


def test_a_person_with_posts_in_two_countries_acts_for_the_highest(
    run: Callable[..., Result], data: Path, tmp_path: Path
) -> None:
    answer = _answer(run, data, tmp_path / "s", "Dan Doe", "Ann Smith")
    last = answer["last"]
    assert isinstance(last, dict)
    dan = next(p for p in last["participants"] if p["id"] == "dan")
    assert dan["posts"] == ["Co-Prince of Carpania", "President of Aland"]
    assert dan["country"] == "Aland"  # both head of state: the first country by id


def test_the_level_question_needs_two_people(
    run: Callable[..., Result], data: Path, tmp_path: Path
) -> None:
    # Dan alone holds heads of state of Aland and Carpania: the one-man call with Ann is
    # not an Aland–Carpania contact at head-of-state level; the call with Eve is.
    answer = _answer(run, data, tmp_path / "s", "Aland", "Carpania", "--level", "head-of-state")
    last = answer["last"]
    assert isinstance(last, dict)
    assert last["id"] == "presidents"
    assert answer["possibly_later"] == []


def test_the_shapes_refuse_a_country_taken_from_elsewhere(data: Path) -> None:
    built = build_graphs(data, bundled_ontology_dir())
    graph = Graph()
    for triple in built.data:
        graph.add(triple)
    participation = URIRef(f"{ID}contact/abroad#p-ann")
    graph.set((participation, URIRef(f"{KG}actedFor"), URIRef(f"{ID}country/cc")))
    ontology = load_ontology(Path(bundled_ontology_dir()))
    with pytest.raises(InvalidDataError) as raised:
        validate(graph, ontology, Path(bundled_ontology_dir()) / SHAPES_FILE)
    assert "acts for" in str(raised.value)
    assert "never the place of the contact" in str(raised.value)


def test_the_shapes_refuse_a_post_no_tenure_supports(data: Path) -> None:
    built = build_graphs(data, bundled_ontology_dir())
    graph = Graph()
    for triple in built.data:
        graph.add(triple)
    participation = URIRef(f"{ID}contact/abroad#p-bob")
    graph.add((participation, URIRef(f"{KG}heldPost"), URIRef(f"{ID}post/aa-fm")))
    ontology = load_ontology(Path(bundled_ontology_dir()))
    with pytest.raises(InvalidDataError) as raised:
        validate(graph, ontology, Path(bundled_ontology_dir()) / SHAPES_FILE)
    assert "no tenure of theirs in that post covers the contact's date" in str(raised.value)
