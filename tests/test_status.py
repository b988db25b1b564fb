"""Status rules on small hand-made graphs, end to end through the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.paths import bundled_ontology_dir
from kg.query import last_contact
from kg.store import EmbeddedStore, Inputs, Iri, open_store
from tests.minidata import write_dataset

CONTACTS = """
contacts:
  - id: both-sides
    type: meeting
    date: 2024-05-01
    participants: [ann, bob]
    claims:
      - {about: occurred, by: aa-gov, source: wire-1}
      - {about: occurred, by: bb-gov, source: wire-1}
      - {about: {topic: war-in-ukraine}, by: aa-gov, source: wire-1}
      - {about: {topic: war-in-ukraine}, stance: denies, by: bb-gov, source: wire-1}
      - {about: {initiator: aa}, by: aa-gov, source: wire-1}
      - {about: {initiator: bb}, by: bb-gov, source: wire-1}
  - id: one-side
    type: phone-call
    date: 2024-04
    participants: [ann, bob]
    claims:
      - {about: occurred, by: aa-gov, source: wire-1}
      - {about: {initiator: bb}, by: aa-gov, source: wire-1}
  - id: two-publishers
    type: phone-call
    date: 2024-03
    participants: [ann, cy]
    claims:
      - {about: occurred, by: wire, source: wire-1}
      - {about: occurred, by: post, source: post-1}
  - id: denied-call
    type: phone-call
    date: 2024-06-01
    participants: [ann, cy]
    claims:
      - {about: occurred, stance: denies, by: insider, source: wire-1}
"""


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    root = tmp_path_factory.mktemp("mini")
    data = write_dataset(root / "data", CONTACTS)
    return open_store(root / "store", Inputs(data, bundled_ontology_dir()))


def test_affirmed_by_both_sides_is_confirmed(mini: EmbeddedStore) -> None:
    answer = last_contact(mini, "ann", "bob")
    assert answer.last is not None
    assert (answer.last.id, answer.last.status) == ("both-sides", "confirmed")


def test_affirmed_and_denied_is_disputed(mini: EmbeddedStore) -> None:
    answer = last_contact(mini, "ann", "bob")
    assert answer.last is not None
    [topic] = answer.last.topics
    assert (topic.status, topic.affirmed_by, topic.denied_by) == (
        "disputed",
        ("Aland government",),
        ("Borduria government",),
    )


def test_rival_initiators_are_both_disputed(mini: EmbeddedStore) -> None:
    answer = last_contact(mini, "ann", "bob")
    assert answer.last is not None
    assert {(s.object_id, s.status) for s in answer.last.initiators} == {
        ("aa", "disputed"),
        ("bb", "disputed"),
    }
    rows = mini.select(
        "PREFIX kg: <https://w3id.org/kg-contacts/ns#> SELECT ?c ?i WHERE { ?c kg:initiator ?i }",
        {"c": Iri("https://w3id.org/kg-contacts/id/contact/both-sides")},
    )
    assert rows == []


def test_one_source_is_reported(mini: EmbeddedStore) -> None:
    answer = last_contact(mini, "ann", "bob", before="2024-05")
    assert answer.last is not None
    assert (answer.last.id, answer.last.status) == ("one-side", "reported")
    assert [(s.object, s.status) for s in answer.last.initiators] == [("Borduria", "reported")]


def test_two_publishers_confirm(mini: EmbeddedStore) -> None:
    answer = last_contact(mini, "Ann Smith", "Cyrus Jones")
    assert answer.last is not None
    assert (answer.last.id, answer.last.status) == ("two-publishers", "confirmed")


def test_denied_contact_is_not_a_last_contact(mini: EmbeddedStore) -> None:
    answer = last_contact(mini, "Ann Smith", "Cy Jones")
    assert answer.last is not None and answer.last.id == "two-publishers"
    assert answer.possibly_later == ()


def test_a_shared_family_name_is_decided_by_the_other_side(mini: EmbeddedStore) -> None:
    # Ann and Bob Smith: only Ann ever met Cy Jones
    answer = last_contact(mini, "Smith", "Jones")
    assert answer.last is not None and answer.last.id == "two-publishers"
    assert answer.notes == (
        "'Smith' fits 2 people; chose Ann Smith (Aland foreign minister, 2020–), "
        "the one who met Cy Jones",
    )


def test_a_shared_family_name_the_context_cannot_decide(mini: EmbeddedStore) -> None:
    from kg.errors import AmbiguousEntityError

    # both Smiths had contact with Aland (Ann acted for it; Bob met her)
    with pytest.raises(AmbiguousEntityError) as caught:
        last_contact(mini, "Smith", "Aland")
    assert caught.value.candidates == [("ann", "Ann Smith"), ("bob", "Bob Smith")]
    assert caught.value.details == [
        "Aland foreign minister, 2020–",
        "Borduria foreign minister, 2020–",
    ]


def test_month_and_day_reports_are_not_silently_merged(tmp_path: Path) -> None:
    data = write_dataset(
        tmp_path / "data",
        """
contacts:
  - id: call-day
    type: phone-call
    date: 2024-04-03
    participants: [ann, bob]
    claims: [{about: occurred, by: aa-gov, source: wire-1}]
  - id: call-month
    type: phone-call
    date: 2024-04
    participants: [ann, bob]
    claims: [{about: occurred, by: wire, source: post-1}]
""",
    )
    store = open_store(tmp_path / "store", Inputs(data, bundled_ontology_dir()))
    answer = last_contact(store, "ann", "bob")
    assert answer.last is not None and answer.last.id == "call-day"
    assert [c.id for c in answer.possibly_later] == ["call-month"]
