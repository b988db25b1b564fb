"""The networkx projection (kg.network.projection) on a small hand-made graph."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest

from kg.network.projection import project
from kg.paths import bundled_ontology_dir
from kg.store import EmbeddedStore, Inputs, open_store
from tests.minidata import write_dataset

# ann (Aland) and bob (Borduria) hold posts; cy holds none. Aland itself takes
# part in a three-way meeting. One call is denied by everyone who speaks of it.
CONTACTS = """
contacts:
  - id: ann-bob-2021
    type: phone-call
    date: 2021-03
    participants: [ann, bob]
    claims:
      - {about: occurred, by: aa-gov, source: wire-1}
      - {about: {topic: war-in-ukraine}, by: aa-gov, source: wire-1}
      - {about: {topic: ukraine-peace-talks}, by: aa-gov, source: wire-1}
      - {about: {topic: ukraine-peace-talks}, stance: denies, by: bb-gov, source: post-1}
  - id: three-way-2022
    type: meeting
    date: 2022-06-01/2022-06-02
    participants: [ann, bob, {id: aa, role: host}]
    claims:
      - {about: occurred, by: aa-gov, source: wire-1}
      - {about: occurred, by: bb-gov, source: wire-1}
  - id: bob-cy-2023
    type: visit
    date: 2023
    series: true
    participants: [bob, cy]
    claims:
      - {about: occurred, by: post, source: post-1}
  - id: ann-cy-denied
    type: phone-call
    date: 2022-01-05
    participants: [ann, cy]
    claims:
      - {about: occurred, stance: denies, by: insider, source: wire-1}
"""


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    root = tmp_path_factory.mktemp("projection")
    data = write_dataset(root / "data", CONTACTS)
    return open_store(root / "store", Inputs(data, bundled_ontology_dir()))


def edge_keys(graph: nx.MultiGraph) -> list[tuple[str, str, str]]:
    return sorted((*sorted((u, v)), k) for u, v, k in graph.edges(keys=True))


def test_nodes_carry_name_kind_countries_and_posts(mini: EmbeddedStore) -> None:
    graph = project(mini)
    assert dict(graph.nodes(data=True)) == {
        "aa": {
            "name": "Aland",
            "kind": "country",
            "countries": ["Aland"],
            "country_ids": ["aa"],
            "posts": [],
        },
        "ann": {
            "name": "Ann Smith",
            "kind": "person",
            "countries": ["Aland"],
            "country_ids": ["aa"],
            "posts": ["Aland foreign minister"],
        },
        "bob": {
            "name": "Bob Smith",
            "kind": "person",
            "countries": ["Borduria"],
            "country_ids": ["bb"],
            "posts": ["Borduria foreign minister"],
        },
        "cy": {
            "name": "Cy Jones",
            "kind": "person",
            "countries": [],
            "country_ids": [],
            "posts": [],
        },
    }
    assert list(graph.nodes) == ["aa", "ann", "bob", "cy"]


def test_one_edge_per_pair_per_contact_and_denied_left_out(mini: EmbeddedStore) -> None:
    # not Aland and Ann Smith, who acts for it in the three-way meeting: one side
    graph = project(mini)
    assert edge_keys(graph) == [
        ("aa", "bob", "three-way-2022"),
        ("ann", "bob", "ann-bob-2021"),
        ("ann", "bob", "three-way-2022"),
        ("bob", "cy", "bob-cy-2023"),
    ]


def test_edge_attributes(mini: EmbeddedStore) -> None:
    graph = project(mini)
    assert graph.edges["ann", "bob", "ann-bob-2021"] == {
        "contact": "ann-bob-2021",
        "type": "phone-call",
        "type_label": "phone call",
        "date": "2021-03",
        "earliest": "2021-03-01",
        "latest": "2021-03-31",
        "precision": "month",
        "status": "reported",
        "series": False,
        "topics": [
            {"id": "ukraine-peace-talks", "label": "peace talks on Ukraine", "status": "disputed"},
            {"id": "war-in-ukraine", "label": "war in Ukraine", "status": "reported"},
        ],
        "statements": [
            {
                "statement": "occurred",
                "value": "",
                "status": "reported",
                "affirmed_by": ["Aland government"],
                "denied_by": [],
            },
            {
                "statement": "topic",
                "value": "peace talks on Ukraine",
                "status": "disputed",
                "affirmed_by": ["Aland government"],
                "denied_by": ["Borduria government"],
            },
            {
                "statement": "topic",
                "value": "war in Ukraine",
                "status": "reported",
                "affirmed_by": ["Aland government"],
                "denied_by": [],
            },
        ],
        "sources": [
            {
                "id": "wire-1",
                "title": "Ministers talk",
                "publisher": "Wire Agency",
                "published": "2024-05-02",
            },
            {
                "id": "post-1",
                "title": "Ministers met",
                "publisher": "Morning Post",
                "published": "2024-05-03",
            },
        ],
    }
    visit = graph.edges["bob", "cy", "bob-cy-2023"]
    assert (visit["precision"], visit["series"], visit["status"]) == ("year", True, "reported")
    meeting = graph.edges["aa", "bob", "three-way-2022"]
    assert (meeting["date"], meeting["status"]) == ("2022-06-01/2022-06-02", "confirmed")


@pytest.mark.parametrize(
    "start, end, expected",
    [
        # the 2023 visit may fall in any window touching 2023
        (dt.date(2023, 12, 31), None, {"bob-cy-2023"}),
        (None, dt.date(2021, 3, 1), {"ann-bob-2021"}),
        (None, dt.date(2021, 2, 28), set()),
        (dt.date(2022, 6, 2), dt.date(2023, 1, 1), {"three-way-2022", "bob-cy-2023"}),
        (dt.date(2021, 4, 1), dt.date(2022, 5, 31), set()),
    ],
)
def test_window_keeps_contacts_that_may_fall_in_it(
    mini: EmbeddedStore, start: dt.date | None, end: dt.date | None, expected: set[str]
) -> None:
    graph = project(mini, start=start, end=end)
    assert {k for _, _, k in graph.edges(keys=True)} == expected
    assert graph.graph == {
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
    }


def test_only_participants_of_kept_contacts_are_nodes(mini: EmbeddedStore) -> None:
    graph = project(mini, start=dt.date(2023, 1, 1))
    assert sorted(graph.nodes) == ["bob", "cy"]


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"countries": ["ALAND"]}, {"ann-bob-2021", "three-way-2022"}),
        ({"countries": ["bb"]}, {"ann-bob-2021", "three-way-2022", "bob-cy-2023"}),
        ({"countries": ["nowhere"]}, set()),
        ({"people": ["cy"]}, {"bob-cy-2023"}),
        ({"people": ["cy", "aa"]}, {"bob-cy-2023", "three-way-2022"}),
        ({"types": ["phone-call", "visit"]}, {"ann-bob-2021", "bob-cy-2023"}),
        ({"statuses": ["confirmed"]}, {"three-way-2022"}),
        ({"statuses": ["denied"]}, set()),
        ({"types": ["meeting"], "people": ["cy"]}, set()),
    ],
)
def test_filters(mini: EmbeddedStore, filters: dict[str, list[str]], expected: set[str]) -> None:
    graph = project(mini, **filters)  # type: ignore[arg-type]
    assert {k for _, _, k in graph.edges(keys=True)} == expected


def test_people_filter_keeps_counterparts(mini: EmbeddedStore) -> None:
    graph = project(mini, people=["cy"])
    assert sorted(graph.nodes) == ["bob", "cy"]
    assert graph.nodes["bob"]["posts"] == ["Borduria foreign minister"]


def test_countries_take_part_on_the_bundled_data(store: EmbeddedStore) -> None:
    graph = project(store, people=["tr"])
    assert edge_keys(graph) == [
        ("ru", "tr", "russia-ukraine-talks-turkey-2022"),
        ("ru", "ua", "russia-ukraine-talks-turkey-2022"),
        ("tr", "ua", "russia-ukraine-talks-turkey-2022"),
    ]
    assert {n: d["kind"] for n, d in graph.nodes(data=True)} == {
        "ru": "country",
        "tr": "country",
        "ua": "country",
    }


def test_projection_is_stable(mini: EmbeddedStore) -> None:
    first, second = project(mini), project(mini)
    assert list(first.edges(keys=True, data=True)) == list(second.edges(keys=True, data=True))
    assert nx.utils.graphs_equal(first, second)


def test_organisations_take_part_with_their_country(tmp_path: Path) -> None:
    data = write_dataset(
        tmp_path / "data",
        """
contacts:
  - id: governments-2023
    type: negotiation-round
    date: 2023-05~
    participants: [aa-gov, bb]
    claims: [{about: occurred, by: wire, source: wire-1}]
""",
    )
    graph = project(open_store(tmp_path / "store", Inputs(data, bundled_ontology_dir())))
    assert dict(graph.nodes(data=True)) == {
        "aa-gov": {
            "name": "Aland government",
            "kind": "organisation",
            "countries": ["Aland"],
            "country_ids": ["aa"],
            "posts": [],
        },
        "bb": {
            "name": "Borduria",
            "kind": "country",
            "countries": ["Borduria"],
            "country_ids": ["bb"],
            "posts": [],
        },
    }
    edge = graph.edges["aa-gov", "bb", "governments-2023"]
    assert (edge["date"], edge["earliest"], edge["latest"], edge["type"]) == (
        "2023-05~",
        "2023-04-01",
        "2023-06-30",
        "negotiation-round",
    )


def test_statements_say_who_affirms_and_who_denies(store: EmbeddedStore) -> None:
    graph = project(store, people=["lecornu"], start=dt.date(2024, 1, 1))
    edge = graph.edges["lecornu", "shoigu", "lecornu-shoigu-2024-04-03"]
    [disputed] = [s for s in edge["statements"] if s["status"] == "disputed"]
    assert disputed == {
        "statement": "topic",
        "value": "peace talks on Ukraine",
        "status": "disputed",
        "affirmed_by": ["Russian Ministry of Defence"],
        "denied_by": ["a source close to Sébastien Lecornu"],
    }
    occurred = edge["statements"][0]
    assert (occurred["statement"], occurred["status"], occurred["denied_by"]) == (
        "occurred",
        "confirmed",
        [],
    )
    assert [s["statement"] for s in edge["statements"]][:2] == ["occurred", "initiator"]
