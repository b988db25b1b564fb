"""The pair index (kg.store.pairs): every pair of sides with its last and earlier contacts.

"Last contact between A and B" reads the pair's few last contacts, never the
contacts of either side, so it costs the same for two busy officials as for
two rare ones. The pairs are derived from the participations when the store is
built; the shapes describe them and a test checks them on the bundled data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef

from kg.errors import InvalidDataError
from kg.paths import bundled_ontology_dir
from kg.query import last_contact
from kg.records.curated import SHAPES_FILE, load_ontology, validate
from kg.store import (
    CURATED_GRAPH,
    PAIRS_GRAPH,
    EmbeddedStore,
    Inputs,
    Iri,
    level_pair_iri,
    open_store,
    pair_iri,
)
from kg.store.pairs import PairIndex
from tests.minidata import write_dataset

ID = "https://w3id.org/kg-contacts/id/"
KG = "https://w3id.org/kg-contacts/ns#"

CONTACTS = """
posts:
  - {id: aa-hos, name: President of Aland, country: aa, level: head-of-state}
people:
  - id: dan
    name: Dan Doe
    tenures: [{post: aa-hos, start: 2020-01-01, source: wire-1}]
contacts:
  - id: day
    type: phone-call
    date: 2024-05-01
    participants: [ann, bob]
    claims: [{about: occurred, by: wire, source: wire-1}]
  - id: month
    type: phone-call
    date: 2024-05
    participants: [ann, bob]
    claims: [{about: occurred, by: post, source: post-1}]
  - id: older
    type: meeting
    date: 2023-01-10
    participants: [ann, bob]
    claims: [{about: occurred, by: wire, source: wire-1}]
  - id: denied
    type: phone-call
    date: 2024-06-01
    participants: [ann, bob]
    claims: [{about: occurred, stance: denies, by: bb-gov, source: wire-1}]
  - id: with-cy
    type: meeting
    date: 2024-07-01
    participants: [ann, cy]
    claims: [{about: occurred, by: wire, source: wire-1}]
  - id: at-home
    type: meeting
    date: 2024-03-01
    participants: [ann, dan]
    claims: [{about: occurred, by: wire, source: wire-1}]
"""


@pytest.fixture(scope="module")
def pairs_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    folder = tmp_path_factory.mktemp("pairs")
    data = write_dataset(folder / "data", CONTACTS)
    store = open_store(folder / "store", Inputs(data, bundled_ontology_dir()))
    assert isinstance(store, EmbeddedStore)
    return store


def person(name: str) -> str:
    return f"{ID}person/{name}"


P, C, T = f"{KG}participant", f"{KG}participantCountry", f"{KG}participantPost"


def people(a: str, b: str) -> str:
    return pair_iri(person(a), P, person(b), P)


def contacts_of(store: EmbeddedStore, pair: str) -> dict[str, list[str]]:
    rows = store.select(
        f"SELECT ?p ?c WHERE {{ GRAPH <{PAIRS_GRAPH}> {{ <{pair}> ?p ?c }} }} ORDER BY ?p ?c"
    )
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row["p"].rsplit("#", 1)[1], []).append(row["c"].rsplit("/", 1)[1])
    return found


def test_the_pair_iri_names_both_sides_in_either_order() -> None:
    assert people("bob", "ann") == f"{ID}pair/participant/person/ann/participant/person/bob"
    assert people("ann", "bob") == people("bob", "ann")
    mixed = pair_iri(f"{ID}country/aa", C, person("bob"), P)
    assert mixed == f"{ID}pair/participant/person/bob/participantCountry/country/aa"
    level = level_pair_iri(f"{ID}country/bb", f"{ID}country/aa", f"{KG}HeadOfState")
    assert level == f"{ID}pair/HeadOfState/country/aa/country/bb"
    # An IRI outside kg's ids is written whole, so two pairs never share an IRI.
    odd = pair_iri("http://example.org/a/b", P, person("ann"), P)
    assert (
        odd == f"{ID}pair/participant/iri/http%3A%2F%2Fexample.org%2Fa%2Fb/participant/person/ann"
    )


def test_a_pair_lists_its_last_contacts_and_its_earlier_ones(pairs_store: EmbeddedStore) -> None:
    # "month" (2024-05) may be later than "day" (2024-05-01): both are last contacts;
    # "older" is certainly followed; "denied" is in no pair.
    found = contacts_of(pairs_store, people("ann", "bob"))
    assert found == {
        "earlierContact": ["older"],
        "lastContact": ["day", "month"],
        "side": ["ann", "bob"],
    }
    answer = last_contact(pairs_store, "Ann Smith", "Bob Smith")
    assert answer.last is not None and answer.last.id == "day"
    assert [c.id for c in answer.possibly_later] == ["month"]


def test_the_pairs_of_countries_and_posts(pairs_store: EmbeddedStore) -> None:
    countries = contacts_of(pairs_store, pair_iri(f"{ID}country/aa", C, f"{ID}country/bb", C))
    assert countries["lastContact"] == ["day", "month"]
    posts = contacts_of(pairs_store, pair_iri(f"{ID}post/aa-fm", T, f"{ID}post/bb-fm", T))
    assert posts["earlierContact"] == ["older"]
    mixed = contacts_of(pairs_store, pair_iri(person("ann"), P, f"{ID}country/bb", C))
    assert mixed["lastContact"] == ["day", "month"]
    level = level_pair_iri(f"{ID}country/aa", f"{ID}country/bb", f"{KG}ForeignMinister")
    assert contacts_of(pairs_store, level)["pairLevel"] == ["ns#ForeignMinister"]


def test_a_side_pairs_with_the_country_it_acts_for(pairs_store: EmbeddedStore) -> None:
    """A country stands for every official acting for it, the other side among them:
    every contact of Ann's (acting for Aland) is a contact of Ann and Aland."""
    own = contacts_of(pairs_store, pair_iri(person("ann"), P, f"{ID}country/aa", C))
    assert own == {
        "earlierContact": ["at-home", "day", "month", "older"],
        "lastContact": ["with-cy"],
        "side": ["aa", "ann"],
    }
    answer = last_contact(pairs_store, "Ann Smith", "Aland")
    assert answer.last is not None and answer.last.id == "with-cy"


def test_denied_contacts_are_in_no_pair(pairs_store: EmbeddedStore) -> None:
    rows = pairs_store.select(
        f"SELECT ?pair WHERE {{ ?pair ?p <{ID}contact/denied> . "
        f"FILTER (?p IN (<{KG}lastContact>, <{KG}earlierContact>)) }}"
    )
    assert rows == []


def test_a_pair_question_binds_the_pair_never_a_side(pairs_store: EmbeddedStore) -> None:
    """No query of last_contact is given a side: none reads a side's contacts."""
    asked: list[dict[str, Any]] = []

    class Recording:
        def select(self, query: str, bindings: dict[str, Any] | None = None) -> Any:
            asked.append(dict(bindings or {}))
            return pairs_store.select(query, bindings)

        def saved_name_index(self) -> Any:
            return pairs_store.saved_name_index()

    for before in (None, "2024-05-15"):
        asked.clear()
        answer = last_contact(Recording(), "Ann Smith", "Bob Smith", before=before)
        assert answer.last is not None
        values = {str(v) for bound in asked for v in bound.values()}
        assert person("ann") not in values and person("bob") not in values
        assert Iri(people("ann", "bob")) in values


def test_with_a_cutoff_the_earlier_contacts_count(pairs_store: EmbeddedStore) -> None:
    answer = last_contact(pairs_store, "Ann Smith", "Bob Smith", before="2024-05")
    assert answer.last is not None and answer.last.id == "older"
    assert answer.possibly_later == ()


def test_levels_follow_every_broader_step() -> None:
    """A level pair counts a post at any narrower level, however deep the hierarchy."""
    ns, ex = KG, ID
    lines = [
        f"<{ns}Deputy> <{ns}broaderLevel> <{ns}ForeignMinister> .",
        f"<{ns}ForeignMinister> <{ns}broaderLevel> <{ns}Minister> .",
    ]
    for who, country, level in (("a", "aa", "Deputy"), ("b", "bb", "Minister")):
        part = f"<{ex}contact/c#p-{who}>"
        lines += [
            f"<{ex}contact/c> <http://www.w3.org/ns/prov#qualifiedAssociation> {part} .",
            f"{part} <http://www.w3.org/ns/prov#agent> <{ex}person/{who}> .",
            f"{part} <{ns}actedFor> <{ex}country/{country}> .",
            f"{part} <{ns}heldPost> <{ex}post/{who}> .",
            f"<{ex}post/{who}> <{ns}country> <{ex}country/{country}> .",
            f"<{ex}post/{who}> <{ns}postLevel> <{ns}{level}> .",
        ]
    lines += [
        f'<{ex}contact/c> <{ns}{bound}> "2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .'
        for bound in ("earliest", "latest")
    ]
    index = PairIndex()
    index.read(line.encode() for line in lines)
    levels = {pair[1] for pair in index.pairs().values() if pair[1] is not None}
    assert levels == {f"<{ns}Minister>".encode()}


def _index_graph(store: EmbeddedStore) -> Graph:
    """The curated data and the pair index of ``store``, as one rdflib graph."""
    import pyoxigraph as ox

    graph = Graph()
    for name in (CURATED_GRAPH, PAIRS_GRAPH):
        text = store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        graph.parse(data=text.decode("utf-8"), format="nt")
    return graph


def test_the_bundled_index_passes_the_shapes(store: EmbeddedStore) -> None:
    graph = _index_graph(store)
    assert len(set(graph.subjects(URIRef(f"{KG}side"), None))) > 10
    ontology = load_ontology(Path(bundled_ontology_dir()))
    validate(graph, ontology, Path(bundled_ontology_dir()) / SHAPES_FILE)


def test_the_shapes_refuse_a_wrong_last_contact(pairs_store: EmbeddedStore) -> None:
    graph = _index_graph(pairs_store)
    pair = URIRef(people("ann", "bob"))
    graph.add((pair, URIRef(f"{KG}lastContact"), URIRef(f"{ID}contact/older")))
    ontology = load_ontology(Path(bundled_ontology_dir()))
    with pytest.raises(InvalidDataError) as raised:
        validate(graph, ontology, Path(bundled_ontology_dir()) / SHAPES_FILE)
    assert "certainly follows it (index bug)" in str(raised.value)
