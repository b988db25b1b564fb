"""The same questions on every backend: the embedded store and a real SPARQL server.

``embedded`` always runs. ``virtuoso`` runs when ``KG_TEST_SPARQL_URL`` names a
SPARQL endpoint that accepts updates (``.ci/run`` starts a private Virtuoso
with ``scripts/virtuoso.sh`` and sets it, with ``KG_STORE_USER`` and
``KG_STORE_PASSWORD``); the bundled data is built onto it first, through the
Graph Store Protocol endpoint ``KG_TEST_GRAPH_STORE_URL`` when set. Each answer
must match what is known by hand and, on a server, what the embedded store
answers.
"""

from __future__ import annotations

import os
from typing import Any

import networkx as nx
import pytest

from kg.network.projection import project
from kg.query import QueryStore, last_contact
from kg.query.claims import contact_claims, disputes
from kg.query.posts import who_held
from kg.sparql import run as user_sparql
from kg.store import EmbeddedStore, Inputs

SPARQL_URL = os.environ.get("KG_TEST_SPARQL_URL")
BACKENDS = ["embedded", pytest.param("virtuoso", marks=pytest.mark.virtuoso)]

_SERVER: dict[str, str | None] = {}


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest, store: EmbeddedStore) -> QueryStore:
    """A store holding the bundled data, on each backend."""
    if request.param == "embedded":
        return store
    from kg.store.remote import RemoteStore, build_remote

    assert SPARQL_URL is not None
    if "built" not in _SERVER:  # build once; a failure fails every test without retrying
        _SERVER["built"] = None
        loader = RemoteStore(SPARQL_URL, graph_store_url=os.environ.get("KG_TEST_GRAPH_STORE_URL"))
        build_remote(loader, Inputs.default(), force=True)
        _SERVER["built"] = SPARQL_URL
    if _SERVER["built"] is None:
        pytest.fail(f"building the bundled data on {SPARQL_URL} failed (see the first error)")
    remote: QueryStore = RemoteStore(SPARQL_URL)
    return remote


def same_on_embedded(backend: QueryStore, store: EmbeddedStore, answer: Any, ask: Any) -> None:
    """On a server, the answer must be the embedded store's."""
    if backend is not store:
        assert answer == ask(store)


def summary(answer: Any) -> tuple[str | None, list[str]]:
    return (
        answer.last.id if answer.last else None,
        [c.id for c in answer.possibly_later],
    )


@pytest.mark.parametrize(
    ("a", "b", "before", "expected"),
    [
        ("Lecornu", "Shoigu", None, ("lecornu-shoigu-2024-04-03", [])),
        ("Lecornu", "Shoigu", "2024", ("lecornu-shoigu-2022-10", [])),
        ("Macron", "Putin", None,
         ("macron-putin-2022-09", ["macron-putin-2022-post-invasion-calls"])),
        ("Lavrov", "Blinken", None, ("lavrov-blinken-2023-04", [])),
        ("Shoigu", "Austin", None, ("shoigu-austin-2023-03", [])),
        ("Lavrov", "Lecornu", None, (None, [])),
        ("Russia", "Ukraine", None, ("russia-ukraine-talks-turkey-2022", [])),
        ("French defence minister", "Russian defence minister", "2024",
         ("lecornu-shoigu-2022-10", [])),
    ],
)  # fmt: skip
def test_last_contact_of_the_founding_articles_pairs(
    backend: QueryStore,
    store: EmbeddedStore,
    a: str,
    b: str,
    before: str | None,
    expected: tuple[str | None, list[str]],
) -> None:
    answer = last_contact(backend, a, b, before=before)
    assert summary(answer) == expected

    def ask(s: QueryStore) -> Any:
        return last_contact(s, a, b, before=before)

    same_on_embedded(backend, store, answer, ask)


def test_last_contact_details(backend: QueryStore, store: EmbeddedStore) -> None:
    answer = last_contact(backend, "Lecornu", "Shoigu")
    assert answer.last is not None
    assert (answer.last.date, answer.last.precision, answer.last.status) == (
        "2024-04-03",
        "day",
        "confirmed",
    )
    topics = {s.object_id: s.status for s in answer.last.statements if s.predicate == "topic"}
    assert topics["ukraine-peace-talks"] == "disputed"
    same_on_embedded(backend, store, answer, lambda s: last_contact(s, "Lecornu", "Shoigu"))


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("head-of-state", ("macron-putin-2022-09", ["macron-putin-2022-post-invasion-calls"])),
        ("defence-minister", ("lecornu-shoigu-2024-04-03", [])),
    ],
)
def test_levels(
    backend: QueryStore, store: EmbeddedStore, level: str, expected: tuple[str, list[str]]
) -> None:
    answer = last_contact(backend, "France", "Russia", level=level)
    assert summary(answer) == expected
    same_on_embedded(
        backend, store, answer, lambda s: last_contact(s, "France", "Russia", level=level)
    )


def test_claims(backend: QueryStore, store: EmbeddedStore) -> None:
    rows = contact_claims(backend, "lecornu-shoigu-2024-04-03")
    peace = [r for r in rows if r.value == "peace talks on Ukraine"]
    assert {(r.status, r.stance) for r in peace} == {
        ("disputed", "affirms"),
        ("disputed", "denies"),
    }
    same_on_embedded(backend, store, rows, lambda s: contact_claims(s, "lecornu-shoigu-2024-04-03"))


def test_disputes(backend: QueryStore, store: EmbeddedStore) -> None:
    found = disputes(backend)
    assert [(d.contact, d.value) for d in found] == [
        ("lecornu-shoigu-2024-04-03", "peace talks on Ukraine")
    ]
    same_on_embedded(backend, store, found, disputes)


@pytest.mark.parametrize(
    ("on", "names"),
    [
        ("2024-05", ["Sergei Shoigu", "Andrei Belousov"]),
        ("2024-05-13", []),
        ("2020-01-01", ["Sergei Shoigu"]),
    ],
)
def test_who_held(backend: QueryStore, store: EmbeddedStore, on: str, names: list[str]) -> None:
    answer = who_held(backend, "Russian defence minister", on)
    assert [h.name for h in answer.holders] == names
    same_on_embedded(backend, store, answer, lambda s: who_held(s, "Russian defence minister", on))


def test_projection(backend: QueryStore, store: EmbeddedStore) -> None:
    graph = project(backend)
    assert ("lecornu", "shoigu", "lecornu-shoigu-2024-04-03") in set(graph.edges(keys=True))
    if backend is not store:
        expected = project(store)
        assert nx.utils.graphs_equal(graph, expected)
        assert list(graph.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))


@pytest.mark.parametrize("name", [e.name for e in user_sparql.examples()])
def test_example_queries(backend: QueryStore, store: EmbeddedStore, name: str) -> None:
    """Each example query (kg sparql --list) gives rows, the same on every backend."""
    item = user_sparql.example(name)
    assert item is not None
    values = item.example_values
    if isinstance(backend, EmbeddedStore):
        result = user_sparql.run_query(backend.oxigraph, item.text, values)
    else:
        result = user_sparql.run_remote(backend, item.text, values)  # type: ignore[arg-type]
    columns, rows = user_sparql.table(result)
    assert rows, f"{name} found nothing on the bundled data"
    _, expected = user_sparql.table(user_sparql.run_query(store.oxigraph, item.text, values))
    key = [tuple(r[c] for c in columns) for r in rows]
    assert sorted(key) == sorted(tuple(r[c] for c in columns) for r in expected)


def test_every_contact_has_one_specific_type(store: EmbeddedStore) -> None:
    """kg's queries take a contact's type as its one rdf:type besides kg:Contact."""
    rows = store.select(
        "PREFIX kg: <https://w3id.org/kg-contacts/ns#> "
        "SELECT ?c (COUNT(?t) AS ?n) WHERE { ?c a kg:Contact ; a ?t } "
        "GROUP BY ?c HAVING (COUNT(?t) != 2)"
    )
    assert rows == []


def test_identity_queries(backend: QueryStore, store: EmbeddedStore) -> None:
    """The authority an import links names to, and the choice among namesakes (#15)."""
    from kg.identity.authority import Authority
    from kg.identity.index import Entity
    from kg.query.context import describe
    from kg.store import source_graph
    from kg.vocab import resource_iri

    def authority(on: QueryStore) -> list[tuple[str, str | None, int]]:
        found = Authority.from_store(on, source_graph("none"))  # type: ignore[arg-type]
        return sorted((p.iri, p.qid, len(p.tenures)) for p in found.people.values())

    people = authority(backend)
    assert (resource_iri("person", "lavrov"), "Q58217", 1) in people
    same_on_embedded(backend, store, people, authority)
    lavrov = Entity("lavrov", resource_iri("person", "lavrov"), "Sergei Lavrov", "person")
    assert describe(backend, lavrov) == "Russian Minister of Foreign Affairs, 2004–"
    answer = last_contact(backend, "Sergei", "Blinken")
    assert answer.notes == (
        "'Sergei' fits 2 people; chose Sergei Lavrov (Russian Minister of Foreign Affairs, "
        "2004–), the one who met Antony Blinken",
    )


def test_every_bundled_pair_answers_as_a_scan(backend: QueryStore, store: EmbeddedStore) -> None:
    """The pair index is on the server too: each pair of sides, with a cutoff and at
    each level, answers there as a scan of the embedded store's contacts does."""
    from kg.query import LEVELS
    from tests.test_pair_index import _entities, indexed, scanned

    kinds = _entities(store)
    everyone = [e for entities in kinds.values() for e in entities]
    for i, a in enumerate(everyone):
        for b in everyone[i + 1 :]:
            for before in (None, "2024-01-01"):
                expected = scanned(store, a, b, before=before)
                assert indexed(backend, a, b, before=before) == expected, (a, b, before)
    countries = kinds["country"]
    for i, a in enumerate(countries):
        for b in countries[i + 1 :]:
            for level in LEVELS:
                assert indexed(backend, a, b, level=level) == scanned(store, a, b, level=level)
