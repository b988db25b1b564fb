"""Importing ICEWS coded events.

The project's own invented rows (``tests/data/icews``, see its README: the ICEWS
licence forbids copying real rows) are tested everywhere; the real two-day sample
of the shared folder in the tests marked ``realdata``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kg import query
from kg.importers.context import ImportStats, load_context
from kg.importers.icews import icews_triples, read_icews
from kg.paths import bundled_data_dir, bundled_ontology_dir
from kg.query.claims import contact_claims
from kg.store import EmbeddedStore, Inputs, Iri, open_store
from kg.store.sources import save_source
from kg.vocab import KG, RDFS, resource_iri

#: Invented events in the ICEWS layout, made for the project.
INVENTED = Path(__file__).parent / "data" / "icews" / "events.invented.tab"


def _import(events_file: Path, store: Path) -> tuple[ImportStats, EmbeddedStore]:
    """Import an ICEWS file into the store at ``store``."""
    inputs = Inputs.default(imports_dir=store / "imports")
    events, rows = read_icews(str(events_file))
    triples, stats = icews_triples(
        events, rows, load_context(bundled_data_dir(), bundled_ontology_dir())
    )
    save_source(str(store), inputs, "icews", triples)
    return stats, open_store(store, inputs)


@pytest.fixture(scope="module")
def imported(
    shared: Path, tmp_path_factory: pytest.TempPathFactory, seed_store: Callable[[Path], Path]
) -> tuple[ImportStats, EmbeddedStore]:
    """The real sample (tests marked ``realdata``)."""
    sample = shared / "data" / "icews_sample" / "events.2018.sample.tab"
    return _import(sample, seed_store(tmp_path_factory.mktemp("icews") / "store"))


@pytest.fixture(scope="module")
def invented(
    tmp_path_factory: pytest.TempPathFactory, seed_store: Callable[[Path], Path]
) -> tuple[ImportStats, EmbeddedStore]:
    """The project's invented events."""
    return _import(INVENTED, seed_store(tmp_path_factory.mktemp("icews-invented") / "store"))


def _values(store: EmbeddedStore, subject: str, predicate: str) -> list[str]:
    rows = store.select(
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?o",
        {"s": Iri(subject), "p": Iri(predicate)},
    )
    return [r["o"] for r in rows]


@pytest.mark.realdata
def test_exact_counts(imported: tuple[ImportStats, EmbeddedStore]) -> None:
    stats, _ = imported
    counts = (
        stats.rows, stats.rows_kept, stats.skipped, stats.contacts, stats.announced,
        stats.reports, stats.names_found, stats.names_curated, stats.names_identified,
        stats.names_unresolved, stats.people_flagged,
    )  # fmt: skip
    # 3705 rows, 1246 with a contact code (036, 040-046): 1015 kept, 231 left out: 42
    # domestic, the others with a side that is no country, organisation, office, ministry
    # or person (a region or unplaced person with no sector: Sicily, Catalonia, Scotland,
    # Michelle O'Neill; and since #16 the sectors that are not the government, such as
    # "Citizen (X)", "Senate (X)", "Police (X)", which stood for their country before).
    # Since #16 too, the rows of one pair on 2018-06-01 and 2018-06-02 are one contact
    # (191 contacts and 100 announced meetings before).
    assert counts == (3705, 1015, 231, 170, 85, 376, 1146, 69, 1066, 11, 5)


@pytest.mark.realdata
def test_one_visit_from_44_rows(imported: tuple[ImportStats, EmbeddedStore]) -> None:
    # Kim Yong-chol at the White House, 2018-06-01: 26 rows in 12 stories that day, coded
    # 040 both ways, 046 both ways, and 042 (Kim visits) / 043 (Trump hosts) in two
    # stories; and 18 rows in 9 stories of the next day, which echo it (040, 046).
    _, store = imported
    contact = "icews-2018-06-01-donald-trump-kim-iongchol"
    node = resource_iri("contact", contact)
    assert _values(store, node, KG.reportCount) == ["21"]
    assert query.contact_by_id(store, contact).date == "2018-06-01/2018-06-02"
    claims = contact_claims(store, contact)
    occurred = [c for c in claims if c.statement == "occurred"]
    assert len(occurred) == 21
    assert {c.status for c in occurred} == {"confirmed"}  # many publishers
    # five stories say Kim visited Trump; one of the next day (KBS World News, French
    # edition) codes it the other way round: the visitor is disputed, so neither is
    # asserted on the contact and both stay claims
    visitors = sorted((c.value, c.status) for c in claims if c.statement == "visitor")
    assert visitors == [("Donald Trump", "disputed")] + [("Kim Yong-chol", "disputed")] * 5
    assert _values(store, node, KG.visitor) == []


@pytest.mark.realdata
def test_curated_people_are_linked(imported: tuple[ImportStats, EmbeddedStore]) -> None:
    # "Sergey Viktorovich Lavrov" in ICEWS is the curated Lavrov
    _, store = imported
    answer = query.last_contact(store, "Lavrov", "China", source=["icews"])
    assert answer.last is not None
    assert answer.last.id == "icews-2018-06-01-cn-lavrov"
    assert [s.name for s in answer.consulted] == ["icews"]


@pytest.mark.realdata
def test_announced_meetings_are_not_contacts(imported: tuple[ImportStats, EmbeddedStore]) -> None:
    _, store = imported
    rows = store.select(
        "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://w3id.org/kg-contacts/ns#AnnouncedMeeting> "
        "FILTER NOT EXISTS { ?a a <https://w3id.org/kg-contacts/ns#Contact> } }"
    )
    assert rows == [{"n": "85"}]


@pytest.mark.realdata
def test_coverage(imported: tuple[ImportStats, EmbeddedStore]) -> None:
    _, store = imported
    found = {s.name: s for s in query.sources(store)}
    icews = found["icews"]
    assert (icews.contacts, icews.records, icews.dates) == (170, 3705, "2018-06-01/2018-06-02")
    assert _values(store, resource_iri("dataset", "icews"), KG.coversSide) == []


# -- the invented events (tests/data/icews/events.invented.tab) ---------------------------


def _icews_contacts(store: EmbeddedStore) -> list[str]:
    rows = store.select(
        "SELECT ?c WHERE { ?c a <https://w3id.org/kg-contacts/ns#Contact> } ORDER BY ?c"
    )
    ids = [r["c"].rsplit("/", 1)[1] for r in rows]
    return [i for i in ids if i.startswith("icews-")]


def test_invented_exact_counts(invented: tuple[ImportStats, EmbeddedStore]) -> None:
    stats, _ = invented
    counts = (
        stats.rows, stats.rows_kept, stats.skipped, stats.contacts, stats.announced,
        stats.reports, stats.names_found, stats.names_curated, stats.names_identified,
        stats.names_unresolved, stats.people_flagged,
    )  # fmt: skip
    # 26 rows, 3 of them not contact codes (010, 051, 112); of the 23 others, 4 are left
    # out (Brittany both ways: a region with no sector; Macron-Lecornu and Lecornu-French
    # government: domestic) and 2 are the intent to meet (036).
    assert counts == (26, 19, 4, 6, 1, 9, 38, 22, 15, 1, 1)


def test_invented_rows_make_these_contacts(invented: tuple[ImportStats, EmbeddedStore]) -> None:
    # nothing with Brittany, nothing between two French sides, no contact from the 036 rows
    _, store = invented
    assert _icews_contacts(store) == [
        "icews-2023-11-14-blinken-review-kasprzak",
        "icews-2023-11-14-lavrov-tomasz-wrobelski",
        "icews-2023-11-14-united-nations-lavrov",
        "icews-2023-11-15-blinken-tomasz-wrobelski",
        "icews-2023-11-15-fr-no",
        "icews-2023-11-15-halvard-breke-lecornu",
    ]


def test_a_call_coded_both_ways_is_one_contact(
    invented: tuple[ImportStats, EmbeddedStore],
) -> None:
    # Lavrov calls Wrobelski and Wrobelski calls Lavrov (041): two rows of one story
    _, store = invented
    contact = query.contact_by_id(store, "icews-2023-11-14-lavrov-tomasz-wrobelski")
    assert (contact.type, contact.date, contact.precision, contact.status) == (
        "phone-call", "2023-11-14", "day", "reported",
    )  # fmt: skip
    assert [(p.id, p.role, p.posts) for p in contact.participants] == [
        ("lavrov", "participant", ("Russian Minister of Foreign Affairs",)),
        ("tomasz-wrobelski", "participant", ()),
    ]
    assert [s.title for s in contact.sources] == [
        "Story 99100001 (Northern Wire Service), coded by ICEWS"
    ]
    assert contact.note == "2 coded rows (CAMEO 041) in 1 story collapsed into one contact."


def test_one_meeting_from_six_rows_in_three_stories(
    invented: tuple[ImportStats, EmbeddedStore],
) -> None:
    _, store = invented
    contact = "icews-2023-11-15-blinken-tomasz-wrobelski"
    assert _values(store, resource_iri("contact", contact), KG.reportCount) == ["3"]
    claims = contact_claims(store, contact)
    assert sorted((c.statement, c.status, c.by) for c in claims) == [
        ("occurred", "confirmed", "Continental Morning Post"),
        ("occurred", "confirmed", "Daily Harbour Gazette"),
        ("occurred", "confirmed", "Northern Wire Service"),
    ]
    assert query.contact_by_id(store, contact).type == "meeting"


def test_a_visit_has_its_visitor_and_host(invented: tuple[ImportStats, EmbeddedStore]) -> None:
    # Brekke makes a visit to Lecornu (042) in two stories; Lecornu hosts it (043) in one
    _, store = invented
    contact = query.contact_by_id(store, "icews-2023-11-15-halvard-breke-lecornu")
    assert (contact.type, contact.status) == ("visit", "confirmed")
    assert [(p.id, p.role, p.posts) for p in contact.participants] == [
        ("halvard-breke", "visitor", ()),
        ("lecornu", "host", ("French Minister of the Armed Forces",)),
    ]
    claims = contact_claims(store, contact.id)
    assert [c.value for c in claims if c.statement == "visitor"] == ["Halvard Brekke"] * 2


def test_an_announced_meeting_is_not_a_contact(
    invented: tuple[ImportStats, EmbeddedStore],
) -> None:
    # Lavrov and Blinken "express intent to meet" (036) in two stories
    _, store = invented
    node = resource_iri("announcement", "icews-2023-11-14-blinken-lavrov")
    assert _values(store, node, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type") == [
        KG.AnnouncedMeeting
    ]
    assert _values(store, node, KG.reportCount) == ["2"]
    answer = query.last_contact(store, "Lavrov", "Blinken", source=["icews"])
    assert answer.last is None and answer.possibly_later == ()


def test_a_sector_stands_for_its_country(invented: tuple[ImportStats, EmbeddedStore]) -> None:
    # "Government (Norway)" consults "France"
    _, store = invented
    contact = query.contact_by_id(store, "icews-2023-11-15-fr-no")
    assert [(p.id, p.kind) for p in contact.participants] == [
        ("fr", "country"),
        ("no", "country"),
    ]


def test_invented_names_resolve_or_are_flagged(
    invented: tuple[ImportStats, EmbeddedStore],
) -> None:
    _, store = invented
    # "Sergey Viktorovich Lavrov" is the curated Lavrov
    answer = query.last_contact(store, "Lavrov", "Wrobelski", source=["icews"])
    assert answer.last is not None
    assert answer.last.id == "icews-2023-11-14-lavrov-tomasz-wrobelski"
    # "Kasprzak": a family name alone, no fuller name anywhere (one person per name
    # and period, never one per country)
    flagged = resource_iri("person", "review-kasprzak")
    assert _values(store, flagged, KG.needsReview) == ["true"]
    assert _values(store, flagged, RDFS.label) == ["Kasprzak"]


def test_invented_coverage(invented: tuple[ImportStats, EmbeddedStore]) -> None:
    _, store = invented
    icews = {s.name: s for s in query.sources(store)}["icews"]
    assert (icews.contacts, icews.records, icews.dates) == (6, 26, "2023-11-14/2023-11-15")
    assert _values(store, resource_iri("dataset", "icews"), KG.coversSide) == []
