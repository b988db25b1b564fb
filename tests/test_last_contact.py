"""`kg last-contact` on every contact the founding article reports."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import Result

from kg.store import EmbeddedStore, Iri

# (a, b, date of the last contact, its precision, type, ids possibly later)
ARTICLE_PAIRS = [
    ("Lecornu", "Shoigu", "2024-04-03", "day", "phone-call", []),
    (
        "Macron",
        "Putin",
        "2022-09",
        "month",
        "phone-call",
        ["macron-putin-2022-post-invasion-calls"],
    ),
    (
        "Macron",
        "Russia",
        "2022-09",
        "month",
        "phone-call",
        ["macron-putin-2022-post-invasion-calls"],
    ),
    ("Russia", "Ukraine", "2022-02/2022-04", "month", "negotiation-round", []),
    ("Turkey", "Ukraine", "2022-02/2022-04", "month", "negotiation-round", []),
    ("Lavrov", "Blinken", "2023-04", "month", "phone-call", []),
    ("Shoigu", "Austin", "2023-03", "month", "phone-call", []),
]


@pytest.mark.parametrize("a, b, date, precision, kind, later", ARTICLE_PAIRS)
@pytest.mark.parametrize("swap", [False, True], ids=["a-b", "b-a"])
def test_every_article_contact_in_both_orders(
    run: Callable[..., Result],
    a: str,
    b: str,
    date: str,
    precision: str,
    kind: str,
    later: list[str],
    swap: bool,
) -> None:
    args = (b, a) if swap else (a, b)
    result = run("last-contact", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["last"]["date"] == date
    assert answer["last"]["precision"] == precision
    assert answer["last"]["type"] == kind
    assert [c["id"] for c in answer["possibly_later"]] == later
    assert answer["last"]["sources"][0]["publisher"] == "Agence France-Presse"


def test_text_answer_of_the_founding_call(run: Callable[..., Result]) -> None:
    result = run("last-contact", "Lecornu", "Shoigu")
    assert result.exit_code == 0
    assert result.stdout == (
        "Sébastien Lecornu and Sergei Shoigu last had contact on 2024-04-03 (known to the day): "
        "a phone call.\n"
        "  who         Sébastien Lecornu (French Minister of the Armed Forces), "
        "Sergei Shoigu (Russian Minister of Defence)\n"
        "  status      confirmed, according to French Ministry of the Armed Forces, "
        "Russian Ministry of Defence\n"
        "  initiated   by France (reported, according to Russian Ministry of Defence)\n"
        "  topics      cooperation against terrorism (reported, according to French Ministry "
        "of the Armed Forces)\n"
        "              Crocus City Hall attack (confirmed, according to French Ministry of the "
        "Armed Forces, Russian Ministry of Defence)\n"
        "              peace talks on Ukraine (DISPUTED: affirmed by Russian Ministry of Defence; "
        "denied by a source close to Sébastien Lecornu)\n"
        "              sending Western troops to Ukraine (reported, according to Russian Ministry "
        "of Defence)\n"
        "              war in Ukraine (confirmed, according to French Ministry of the Armed Forces, "
        "Russian Ministry of Defence)\n"
        '  sources     Agence France-Presse, "France Denies Russian Claim Of Discussion On '
        'Potential Ukraine Talks", 2024-04-03\n'
        "  id          lecornu-shoigu-2024-04-03\n"
        "\n"
        "No other recorded contact of theirs can be later.\n"
    )


def test_json_shape(run: Callable[..., Result]) -> None:
    answer = json.loads(run("last-contact", "Lecornu", "Shoigu", "--format", "json").stdout)
    assert list(answer) == ["query", "last", "possibly_later"]
    last = answer["last"]
    assert list(last) == [
        "id",
        "type",
        "date",
        "earliest",
        "latest",
        "precision",
        "status",
        "series",
        "location",
        "note",
        "participants",
        "initiators",
        "topics",
        "sources",
    ]
    assert (last["earliest"], last["latest"]) == ("2024-04-03", "2024-04-03")
    assert last["status"] == "confirmed"
    assert [p["id"] for p in last["participants"]] == ["lecornu", "shoigu"]
    assert last["initiators"] == [
        {
            "id": "fr",
            "label": "France",
            "status": "reported",
            "affirmed_by": ["Russian Ministry of Defence"],
            "denied_by": [],
        }
    ]
    topics = {t["id"]: t for t in last["topics"]}
    assert topics["ukraine-peace-talks"]["status"] == "disputed"
    assert topics["ukraine-peace-talks"]["denied_by"] == ["a source close to Sébastien Lecornu"]
    assert topics["crocus-city-hall-attack"]["status"] == "confirmed"
    assert last["sources"] == [
        {
            "id": "afp-2024-04-03",
            "title": "France Denies Russian Claim Of Discussion On Potential Ukraine Talks",
            "publisher": "Agence France-Presse",
            "published": "2024-04-03",
            "url": None,
        }
    ]


def test_disputed_topic_is_not_a_plain_fact(store: EmbeddedStore) -> None:
    topics_of = """PREFIX kg: <https://w3id.org/kg-contacts/ns#>
        SELECT ?c ?topic WHERE { ?c kg:topic ?topic } ORDER BY ?topic"""
    base = "https://w3id.org/kg-contacts/id/"

    def topics(contact: str) -> list[str]:
        rows = store.select(topics_of, {"c": Iri(f"{base}contact/{contact}")})
        return [r["topic"].removeprefix(f"{base}topic/") for r in rows]

    assert topics("lecornu-shoigu-2024-04-03") == [
        "counter-terrorism-cooperation",
        "crocus-city-hall-attack",
        "war-in-ukraine",
        "western-troops-in-ukraine",
    ]
    assert topics("russia-ukraine-talks-turkey-2022") == ["ukraine-peace-talks"]


@pytest.mark.parametrize(
    "a, b, before, expected, later",
    [
        ("Lecornu", "Shoigu", "2024", "2022-10", []),
        ("Lecornu", "Shoigu", "2024-04-03", "2022-10", []),
        ("Lecornu", "Shoigu", "2024-04-04", "2024-04-03", []),
        (
            "Macron",
            "Putin",
            "2022-06",
            "2022-01/2022-02",
            ["macron-putin-2022-post-invasion-calls"],
        ),
        ("Macron", "Putin", "2022-10-01", "2022-09", ["macron-putin-2022-post-invasion-calls"]),
        (
            "Macron",
            "Russia",
            "2022-03",
            "2022-01/2022-02",
            ["macron-putin-2022-post-invasion-calls", "macron-putin-2022-pre-invasion-calls"],
        ),
    ],
)
def test_before(
    run: Callable[..., Result], a: str, b: str, before: str, expected: str, later: list[str]
) -> None:
    result = run("last-contact", a, b, "--before", before, "--format", "json")
    assert result.exit_code == 0
    answer = json.loads(result.stdout)
    assert answer["query"]["before"] == before
    assert answer["last"]["date"] == expected
    assert [c["id"] for c in answer["possibly_later"]] == later


def test_possibly_later_is_explained_in_text(run: Callable[..., Result]) -> None:
    result = run("last-contact", "Macron", "Putin")
    assert result.stdout.startswith(
        "Emmanuel Macron and Vladimir Putin last had contact in 2022-09 (known to the month: "
        "between 2022-09-01 and 2022-09-30): a phone call.\n"
    )
    assert "Possibly later, or the same contact reported at another precision:\n" in result.stdout
    assert (
        "- in 2022-02/2022-09 (known to the month: between 2022-02-01 and 2022-09-30): "
        "a series of phone calls (how many is not recorded)\n" in result.stdout
    )


def test_no_contact(run: Callable[..., Result]) -> None:
    result = run("last-contact", "Lavrov", "Lecornu")
    assert result.exit_code == 1
    assert result.stdout == "No recorded contact between Sergei Lavrov and Sébastien Lecornu.\n"
    as_json = run("last-contact", "Lavrov", "Lecornu", "--format", "json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["last"] is None


def test_no_contact_before(run: Callable[..., Result]) -> None:
    result = run("last-contact", "Lecornu", "Shoigu", "--before", "2022-10")
    assert result.exit_code == 1
    assert result.stdout == (
        "No recorded contact between Sébastien Lecornu and Sergei Shoigu before 2022-10.\n"
    )


@pytest.mark.parametrize(
    "a, b",
    [
        ("sebastien lecornu", "SERGEI SHOIGU"),
        ("Sébastien Lecornu", "Sergey Shoygu"),
        ("LECORNU", "shoygu"),
        ("lecornu", "Sergei Kuzhugetovich Shoigu"),
        ("  Lecornu ", "Sergey  Shoigu"),
    ],
)
def test_name_variants(run: Callable[..., Result], a: str, b: str) -> None:
    result = run("last-contact", a, b, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["last"]["id"] == "lecornu-shoigu-2024-04-03"


@pytest.mark.parametrize(
    "a, b", [("Sergey Lavrov", "Tony Blinken"), ("sergei lavrov", "Antony J. Blinken")]
)
def test_transliterations_and_aliases(run: Callable[..., Result], a: str, b: str) -> None:
    result = run("last-contact", a, b, "--format", "json")
    assert json.loads(result.stdout)["last"]["id"] == "lavrov-blinken-2023-04"


def test_wikidata_id(run: Callable[..., Result]) -> None:
    result = run("last-contact", "Q3052772", "Q7747", "--format", "json")
    answer = json.loads(result.stdout)
    assert (answer["query"]["a"]["name"], answer["query"]["b"]["name"]) == (
        "Emmanuel Macron",
        "Vladimir Putin",
    )


def test_unknown_name_suggests(run: Callable[..., Result]) -> None:
    result = run("last-contact", "Shoigoo", "Lecornu")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: no one called 'Shoigoo' in the graph. Did you mean: Sergei Shoigu?\n"
    )


def test_a_name_fitting_several_people_is_decided_by_the_other_side(
    run: Callable[..., Result],
) -> None:
    # Sergei Lavrov and Sergei Shoigu: only Lavrov spoke to Blinken
    result = run("last-contact", "Sergei", "Blinken")
    assert result.exit_code == 0
    assert result.stderr == (
        "kg: 'Sergei' fits 2 people; chose Sergei Lavrov (Russian Minister of Foreign "
        "Affairs, 2004–), the one who met Antony Blinken\n"
    )
    assert result.stdout.startswith("Sergei Lavrov and Antony Blinken last had contact")


def test_ambiguous_name_lists_candidates(run: Callable[..., Result]) -> None:
    # neither Sergei had contact with Ukraine, both had contacts: the context cannot decide
    result = run("last-contact", "Sergei", "Ukraine")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: 'Sergei' fits several people and the question does not say which: "
        "Sergei Lavrov (lavrov: Russian Minister of Foreign Affairs, 2004–); "
        "Sergei Shoigu (shoigu: Russian Minister of Defence, 2012–2024). "
        "Use a fuller name or the id.\n"
    )


@pytest.mark.parametrize("bad", ["2024-13", "yesterday", "24-04-03", "2023-02-30"])
def test_malformed_before(run: Callable[..., Result], bad: str) -> None:
    result = run("last-contact", "Lecornu", "Shoigu", "--before", bad)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: '{bad}' is not a")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("at_once", [16, 2], ids=["one-query", "in-chunks"])
def test_details_of_several_contacts_are_those_of_each(
    store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch, at_once: int
) -> None:
    from kg.query import contacts_details
    from kg.rq import load_query

    monkeypatch.setattr("kg.query.DETAILS_AT_ONCE", at_once)

    ids = [r["contact"] for r in store.select(load_query("contact_ids"))]
    rows = [store.select(load_query("contact_row"), {"contact": Iri(c)})[0] for c in ids]
    together = contacts_details(store, rows)
    assert len(together) == len(ids) > 5
    assert together == [contacts_details(store, [row])[0] for row in rows]
    assert any(len(c.participants) > 2 for c in together)
    assert any(s.claims for c in together for s in c.statements)


def test_a_kept_answer_is_not_changed_by_its_reader(store: EmbeddedStore) -> None:
    from kg.rq import load_query

    first = store.select(load_query("contact_ids"))
    assert first
    for row in first:
        row.clear()
    assert all(store.select(load_query("contact_ids")))
