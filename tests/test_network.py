"""Network analyses and their commands on small hand-made graphs whose answers are known by hand.

The store graph is a barbell: the Aland camp (ann, dan, fay) and the
Borduria camp (bob, eve, gus) are triangles of 2021 contacts, joined only
through cy, who spoke to ann (twice, in March 2021) and to bob (April 2021).
In May 2022 ann and bob met directly; nothing happened later.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner, Result
from rdflib.compare import isomorphic

from kg.cli import cli
from kg.network.analysis import (
    agent_stats,
    communities,
    contact_path,
    pair_stats,
    simple_graph,
    timeline,
)
from kg.network.projection import flatten, network_bytes, project, rdf_bytes
from kg.paths import bundled_ontology_dir
from kg.store import EmbeddedStore, Inputs, open_store
from tests.minidata import write_dataset

CONTACTS = """
posts:
  - {id: aa-dm, name: Aland defence minister, country: aa, level: defence-minister}
  - {id: aa-pm, name: Aland prime minister, country: aa, level: head-of-government}
  - {id: bb-dm, name: Borduria defence minister, country: bb, level: defence-minister}
  - {id: bb-pm, name: Borduria prime minister, country: bb, level: head-of-government}
people:
  - {id: dan, name: Dan Ward, tenures: [{post: aa-dm, start: 2020-01-01, source: wire-1}]}
  - {id: fay, name: Fay Ward, tenures: [{post: aa-pm, start: 2020-01-01, source: wire-1}]}
  - {id: eve, name: Eve Berg, tenures: [{post: bb-dm, start: 2020-01-01, source: wire-1}]}
  - {id: gus, name: Gus Berg, tenures: [{post: bb-pm, start: 2020-01-01, source: wire-1}]}
contacts:
  - {id: ann-dan, type: meeting, date: 2021-01-10, participants: [ann, dan],
     claims: [{about: occurred, by: aa-gov, source: wire-1}]}
  - {id: ann-fay, type: meeting, date: 2021-01-20, participants: [ann, fay],
     claims: [{about: occurred, by: aa-gov, source: wire-1}]}
  - {id: dan-fay, type: phone-call, date: 2021-02, participants: [dan, fay],
     claims: [{about: occurred, by: aa-gov, source: wire-1}]}
  - {id: bob-eve, type: meeting, date: 2021-01-12, participants: [bob, eve],
     claims: [{about: occurred, by: bb-gov, source: wire-1}]}
  - {id: bob-gus, type: meeting, date: 2021-01-22, participants: [bob, gus],
     claims: [{about: occurred, by: bb-gov, source: wire-1}]}
  - {id: eve-gus, type: phone-call, date: 2021-02, participants: [eve, gus],
     claims: [{about: occurred, by: bb-gov, source: wire-1}]}
  - {id: ann-cy-day, type: phone-call, date: 2021-03-01, participants: [ann, cy],
     claims: [{about: occurred, by: aa-gov, source: wire-1},
              {about: occurred, by: post, source: post-1}]}
  - {id: ann-cy-month, type: phone-call, date: 2021-03, participants: [ann, cy],
     claims: [{about: occurred, by: post, source: post-1}]}
  - {id: bob-cy, type: visit, date: 2021-04-01, participants: [{id: cy, role: visitor}, bob],
     claims: [{about: occurred, by: bb-gov, source: wire-1}]}
  - {id: ann-bob, type: meeting, date: 2022-05-05, participants: [ann, bob],
     claims: [{about: occurred, by: aa-gov, source: wire-1},
              {about: occurred, by: bb-gov, source: wire-1}]}
"""


@pytest.fixture(scope="module")
def mini_paths(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("network")
    data = write_dataset(root / "data", CONTACTS)
    open_store(root / "store", Inputs(data, bundled_ontology_dir()))
    return data, root / "store"


@pytest.fixture(scope="module")
def mini(mini_paths: tuple[Path, Path]) -> EmbeddedStore:
    data, store = mini_paths
    return open_store(store, Inputs(data, bundled_ontology_dir()))


@pytest.fixture
def kg(mini_paths: tuple[Path, Path]) -> Callable[..., Result]:
    """Run ``kg ARGS`` on the barbell graph."""
    data, store = mini_paths

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--store", str(store), "--data", str(data), *args])

    return invoke


def dates(year: int) -> dict[str, object]:
    import datetime as dt

    return {"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)}


# --- the analyses, on the projection -------------------------------------------------


def test_broker_between_two_camps_has_the_highest_betweenness(mini: EmbeddedStore) -> None:
    stats = agent_stats(project(mini, **dates(2021)))  # type: ignore[arg-type]
    # cy is on every shortest chain between the 3 x 3 camp members: 9 of the
    # 15 pairs of the 6 others; ann and bob each carry 2 x 4 = 8 of them.
    assert [(s.id, s.betweenness, s.contacts, s.counterparts) for s in stats] == [
        ("cy", 0.6, 3, 2),
        ("ann", 0.5333, 4, 3),
        ("bob", 0.5333, 3, 3),
        ("dan", 0.0, 2, 2),
        ("eve", 0.0, 2, 2),
        ("fay", 0.0, 2, 2),
        ("gus", 0.0, 2, 2),
    ]
    assert stats[0].name == "Cy Jones"
    assert stats[1].countries == ("Aland",)


def test_pairs_most_frequent_first(mini: EmbeddedStore) -> None:
    pairs = pair_stats(project(mini))
    assert pairs[0] == ("ann", "Ann Smith", "cy", "Cy Jones", 2, "2021-03-01", "2021-03-01")
    assert [(p.a, p.b, p.contacts) for p in pairs[1:3]] == [("ann", "bob", 1), ("ann", "dan", 1)]
    assert len(pairs) == 9


def test_path_depends_on_the_window(mini: EmbeddedStore) -> None:
    whole = contact_path(project(mini), "dan", "eve")
    assert whole is not None
    assert [(h.source, h.target, h.contact) for h in whole] == [
        ("dan", "ann", "ann-dan"),
        ("ann", "bob", "ann-bob"),
        ("bob", "eve", "bob-eve"),
    ]
    in_2021 = contact_path(project(mini, **dates(2021)), "dan", "eve")  # type: ignore[arg-type]
    assert in_2021 is not None
    assert [h.target for h in in_2021] == ["ann", "cy", "bob", "eve"]
    assert contact_path(project(mini, **dates(2022)), "dan", "eve") is None  # type: ignore[arg-type]


def test_path_hop_is_the_most_recent_contact_finer_precision_first(mini: EmbeddedStore) -> None:
    hops = contact_path(project(mini), "ann", "cy")
    assert hops is not None
    [hop] = hops
    assert hop == (
        "ann",
        "Ann Smith",
        "cy",
        "Cy Jones",
        "ann-cy-day",
        "2021-03-01",
        "day",
        "phone-call",
        "confirmed",
        ("Wire Agency, 2024-05-02", "Morning Post, 2024-05-03"),
        1,
    )


def test_path_max_hops(mini: EmbeddedStore) -> None:
    graph = project(mini)
    assert contact_path(graph, "dan", "eve", max_hops=2) is None
    assert contact_path(graph, "dan", "eve", max_hops=3) is not None
    assert contact_path(graph, "dan", "dan") == []


def test_path_tie_goes_to_the_first_name() -> None:
    graph = nx.MultiGraph()
    for node, name in [("a", "A"), ("z", "Zed"), ("y", "Yan"), ("b", "B")]:
        graph.add_node(node, name=name)
    for key, (u, v) in enumerate([("a", "z"), ("z", "b"), ("a", "y"), ("y", "b")]):
        graph.add_edge(u, v, key=str(key), **_edge(str(key)))
    hops = contact_path(graph, "a", "b")
    assert hops is not None and [h.target for h in hops] == ["y", "b"]


def _edge(contact: str, date: str = "2022-01-01") -> dict[str, object]:
    return {
        "contact": contact,
        "date": date,
        "earliest": date,
        "latest": date,
        "precision": "day",
        "type": "meeting",
        "type_label": "meeting",
        "status": "reported",
        "series": False,
        "topics": [],
        "sources": [],
    }


def test_timeline_orders_by_date_at_precision(mini: EmbeddedStore) -> None:
    entries = timeline(project(mini, people=["ann"]), "ann")
    assert [(e.contact, e.date, e.precision, e.counterparts) for e in entries] == [
        ("ann-dan", "2021-01-10", "day", ("Dan Ward",)),
        ("ann-fay", "2021-01-20", "day", ("Fay Ward",)),
        ("ann-cy-day", "2021-03-01", "day", ("Cy Jones",)),
        ("ann-cy-month", "2021-03", "month", ("Cy Jones",)),
        ("ann-bob", "2022-05-05", "day", ("Bob Smith",)),
    ]
    pair = timeline(project(mini), "cy", "ann")
    assert [(e.contact, e.status) for e in pair] == [
        ("ann-cy-day", "confirmed"),
        ("ann-cy-month", "reported"),
    ]
    assert timeline(project(mini), "dan", "eve") == []


def test_timeline_lists_every_other_participant() -> None:
    graph = nx.MultiGraph()
    for node in "abc":
        graph.add_node(node, name=node.upper())
    for u, v in ["ab", "ac", "bc"]:
        graph.add_edge(u, v, key="summit", **_edge("summit"))
    [entry] = timeline(graph, "b")
    assert entry.counterparts == ("A", "C")


def test_communities_are_the_two_camps_and_stable(mini: EmbeddedStore) -> None:
    graph = project(mini, **dates(2021))  # type: ignore[arg-type]
    # cy spoke twice to ann and once to bob: cy joins the Aland camp.
    found = communities(graph)
    assert [(c.number, c.members, c.internal, c.external) for c in found] == [
        (1, ("ann", "cy", "dan", "fay"), 5, 1),
        (2, ("bob", "eve", "gus"), 3, 1),
    ]
    assert found[1].names == ("Bob Smith", "Eve Berg", "Gus Berg")
    assert all(communities(graph, seed=seed) == found for seed in range(5))


def test_simple_graph_weights_count_contacts(mini: EmbeddedStore) -> None:
    simple = simple_graph(project(mini))
    assert simple["ann"]["cy"]["weight"] == 2
    assert simple["ann"]["bob"]["weight"] == 1


# --- the commands -------------------------------------------------------------------


def test_network_stats_table(kg: Callable[..., Result]) -> None:
    result = kg("network", "stats", "--from", "2021", "--to", "2021", "--top", "3")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "id   name       kind    countries  contacts  counterparts  betweenness\n"
        "---  ---------  ------  ---------  --------  ------------  -----------\n"
        "cy   Cy Jones   person             3         2             0.6\n"
        "ann  Ann Smith  person  Aland      4         3             0.5333\n"
        "bob  Bob Smith  person  Borduria   3         3             0.5333\n"
    )


def test_network_stats_pairs_csv(kg: Callable[..., Result]) -> None:
    result = kg("network", "stats", "--pairs", "--top", "2", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == (
        "a_id,a,b_id,b,contacts,first,last\n"
        "ann,Ann Smith,cy,Cy Jones,2,2021-03-01,2021-03-01\n"
        "ann,Ann Smith,bob,Bob Smith,1,2022-05-05,2022-05-05\n"
    )


def test_network_stats_filters(kg: Callable[..., Result]) -> None:
    result = kg("network", "stats", "--country", "Borduria", "--type", "visit", "--format", "json")
    assert result.exit_code == 0
    assert [(r["id"], r["contacts"]) for r in json.loads(result.stdout)] == [
        ("bob", 1),
        ("cy", 1),
    ]


def test_path_table(kg: Callable[..., Result]) -> None:
    result = kg("path", "Dan Ward", "Eve", "--from", "2021", "--to", "2021")
    assert result.exit_code == 0
    assert result.stdout == (
        "hop  from       to         date        type        status     contact     sources\n"
        "---  ---------  ---------  ----------  ----------  ---------  ----------"
        "  -------------------------------------------------\n"
        "1    Dan Ward   Ann Smith  2021-01-10  meeting     reported   ann-dan     "
        "Wire Agency, 2024-05-02\n"
        "2    Ann Smith  Cy Jones   2021-03-01  phone-call  confirmed  ann-cy-day  "
        "Wire Agency, 2024-05-02; Morning Post, 2024-05-03\n"
        "3    Cy Jones   Bob Smith  2021-04-01  visit       reported   bob-cy      "
        "Wire Agency, 2024-05-02\n"
        "4    Bob Smith  Eve Berg   2021-01-12  meeting     reported   bob-eve     "
        "Wire Agency, 2024-05-02\n"
    )


def test_path_json(kg: Callable[..., Result]) -> None:
    result = kg("path", "ann", "bob", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "hop": 1,
            "from": "Ann Smith",
            "to": "Bob Smith",
            "date": "2022-05-05",
            "type": "meeting",
            "status": "confirmed",
            "contact": "ann-bob",
            "sources": ["Wire Agency, 2024-05-02"],
        }
    ]


@pytest.mark.parametrize(
    "args, sentence",
    [
        (
            ["--from", "2022"],
            "No chain of contacts links Dan Ward and Eve Berg from 2022-01-01.",
        ),
        (
            ["--max-hops", "2"],
            "No chain of contacts links Dan Ward and Eve Berg in at most 2 hops.",
        ),
        (
            ["--from", "2021-02", "--to", "2021-03"],
            "No chain of contacts links Dan Ward and Eve Berg between 2021-02-01 and 2021-03-31.",
        ),
    ],
)
def test_path_none_is_a_sentence_and_exit_1(
    kg: Callable[..., Result], args: list[str], sentence: str
) -> None:
    result = kg("path", "dan", "eve", *args)
    assert result.exit_code == 1
    assert result.stdout == sentence + "\n"


def test_path_none_in_json_is_an_empty_list(kg: Callable[..., Result]) -> None:
    result = kg("path", "dan", "eve", "--max-hops", "1", "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == "[]\n"
    assert "No chain of contacts" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["path", "Smith", "eve"], "Error: 'Smith' is ambiguous"),
        (["path", "ann", "Ann Smith"], "Error: 'ann' and 'Ann Smith' are both Ann Smith"),
        (["timeline", "Zorro"], "Error: no one called 'Zorro' in the graph."),
        (["network", "stats", "--country", "ann"], "Error: 'ann' is Ann Smith, not a country"),
        (["communities", "--from", "2023", "--to", "2022"], "Error: the window is empty"),
        (["export", "--format", "nt", "--from", "2022"], "Error: --from applies to graphml"),
    ],
)
def test_bad_input_exits_2(kg: Callable[..., Result], args: list[str], message: str) -> None:
    result = kg(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stdout == ""


def test_unknown_type_is_a_usage_error(kg: Callable[..., Result]) -> None:
    result = kg("network", "stats", "--type", "call")
    assert result.exit_code == 2
    assert "unknown contact type 'call'" in result.stderr


def test_timeline_table(kg: Callable[..., Result]) -> None:
    result = kg("timeline", "Cy", "--to", "2021")
    assert result.exit_code == 0
    assert result.stdout == (
        "date        precision  type        status     with       contact       sources\n"
        "----------  ---------  ----------  ---------  ---------  ------------"
        "  -------------------------------------------------\n"
        "2021-03-01  day        phone-call  confirmed  Ann Smith  ann-cy-day    "
        "Wire Agency, 2024-05-02; Morning Post, 2024-05-03\n"
        "2021-03     month      phone-call  reported   Ann Smith  ann-cy-month  "
        "Morning Post, 2024-05-03\n"
        "2021-04-01  day        visit       reported   Bob Smith  bob-cy        "
        "Wire Agency, 2024-05-02\n"
    )


def test_timeline_of_a_pair_with_none(kg: Callable[..., Result]) -> None:
    result = kg("timeline", "dan", "eve")
    assert result.exit_code == 1
    assert result.stdout == "No recorded contact of Dan Ward and Eve Berg.\n"


def test_communities_command(kg: Callable[..., Result]) -> None:
    result = kg("communities", "--from", "2021", "--to", "2021", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == (
        "community,size,internal,external,members\n"
        "1,4,5,1,Ann Smith; Cy Jones; Dan Ward; Fay Ward\n"
        "2,3,3,1,Bob Smith; Eve Berg; Gus Berg\n"
    )


# --- exports ------------------------------------------------------------------------


def test_graphml_round_trip(mini: EmbeddedStore) -> None:
    graph = project(mini)
    data = network_bytes(graph, "graphml")
    back = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    expected = flatten(graph)
    assert list(back.nodes(data=True)) == list(expected.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))
    assert back.nodes["ann"] == {
        "name": "Ann Smith",
        "kind": "person",
        "countries": "Aland",
        "country_ids": "aa",
        "posts": "Aland foreign minister",
        "label": "Ann Smith",
    }
    edge = back.edges["ann", "cy", "ann-cy-day:ann:cy"]
    assert (edge["contact"], edge["date"], edge["earliest"], edge["series"]) == (
        "ann-cy-day",
        "2021-03-01",
        "2021-03-01",
        False,
    )
    assert json.loads(edge["sources"])[0] == {
        "id": "wire-1",
        "title": "Ministers talk",
        "publisher": "Wire Agency",
        "published": "2024-05-02",
    }
    assert data == network_bytes(project(mini), "graphml")


def test_gexf_is_dynamic_with_labels(mini: EmbeddedStore) -> None:
    data = network_bytes(project(mini), "gexf")
    assert b"lastmodifieddate" not in data
    back = nx.read_gexf(io.BytesIO(data))
    assert back.nodes["ann"]["label"] == "Ann Smith"
    assert back.number_of_nodes() == 7 and back.number_of_edges() == 10
    [edge] = [d for _, _, d in back.edges(data=True) if d["contact"] == "bob-cy"]
    assert (edge["start"], edge["end"], edge["contact_type"], edge["label"]) == (
        "2021-04-01",
        "2021-04-01",
        "visit",
        "visit, 2021-04-01",
    )


def test_rdf_exports_agree(mini: EmbeddedStore) -> None:
    nt = rdf_bytes(mini, "nt")
    triples = set(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    turtle = rdf_bytes(mini, "turtle")
    assert set(ox.parse(turtle, format=ox.RdfFormat.TURTLE)) == triples
    assert turtle.startswith(b"@prefix")
    reference = rdflib.Graph().parse(data=nt.decode(), format="nt")
    jsonld = rdflib.Graph().parse(data=rdf_bytes(mini, "jsonld").decode(), format="json-ld")
    assert isomorphic(reference, jsonld)
    assert nt.decode().splitlines() == sorted(nt.decode().splitlines())
    # the ontology only when asked
    assert len(
        set(ox.parse(rdf_bytes(mini, "nt", ontology=True), format=ox.RdfFormat.N_TRIPLES))
    ) > len(triples)
    assert b"kg-contacts/ns#PhoneCall> <http://www.w3.org/2000/01/rdf-schema#label>" not in nt


def test_export_to_a_file(kg: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "net.graphml"
    result = kg("export", "--format", "graphml", "--from", "2022", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"Wrote {target}: graphml, {target.stat().st_size} bytes.\n"
    back = nx.read_graphml(target, force_multigraph=True)
    assert sorted(back.edges(keys=True)) == [("ann", "bob", "ann-bob:ann:bob")]


def test_export_to_stdout(kg: Callable[..., Result], mini: EmbeddedStore) -> None:
    result = kg("export", "--format", "nt")
    assert result.exit_code == 0
    assert result.stdout_bytes == rdf_bytes(mini, "nt")
