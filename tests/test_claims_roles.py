"""Claims, disputes, roles at a date, and contacts between countries and posts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.minidata import write_dataset


def as_json(result: Result) -> object:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads(result.stdout)


# --- kg claims and kg disputes -----------------------------------------------


def test_claims_of_a_contact(run: Callable[..., Result]) -> None:
    rows = as_json(run("claims", "lecornu-shoigu-2024-04-03", "--format", "json"))
    assert isinstance(rows, list)
    assert len(rows) == 11
    assert rows[0] == {
        "contact": "lecornu-shoigu-2024-04-03",
        "statement": "occurred",
        "value": "",
        "status": "confirmed",
        "stance": "affirms",
        "by": "Russian Ministry of Defence",
        "source": "France Denies Russian Claim Of Discussion On Potential Ukraine Talks",
        "publisher": "Agence France-Presse",
        "published": "2024-04-03",
        "quote": None,
    }
    denial = [r for r in rows if r["stance"] == "denies"]
    assert [(r["statement"], r["value"], r["status"], r["by"]) for r in denial] == [
        ("topic", "peace talks on Ukraine", "disputed", "a source close to Sébastien Lecornu")
    ]
    initiator = [r for r in rows if r["statement"] == "initiator"]
    assert [(r["value"], r["by"]) for r in initiator] == [("France", "Russian Ministry of Defence")]


def test_claims_of_the_last_contact_of_a_pair(run: Callable[..., Result]) -> None:
    by_id = run("claims", "lecornu-shoigu-2024-04-03", "--format", "csv")
    by_pair = run("claims", "Shoigu", "Lecornu", "--format", "csv")
    assert by_pair.exit_code == 0
    assert by_pair.stdout == by_id.stdout
    assert by_pair.stdout.splitlines()[0] == (
        "contact,statement,value,status,stance,by,source,publisher,published,quote"
    )


def test_claims_of_a_pair_without_contact(run: Callable[..., Result]) -> None:
    result = run("claims", "Lavrov", "Lecornu")
    assert result.exit_code == 1
    assert result.stdout == "No recorded contact between Lavrov and Lecornu.\n"


def test_claims_of_an_unknown_contact(run: Callable[..., Result]) -> None:
    result = run("claims", "lecornu-shoigu-2024")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: no contact has the id 'lecornu-shoigu-2024'. Did you mean: "
        "lecornu-shoigu-2022-10, lecornu-shoigu-2024-04-03, shoigu-austin-2023-03?\n"
    )


def test_disputes(run: Callable[..., Result]) -> None:
    assert as_json(run("disputes", "--format", "json")) == [
        {
            "contact": "lecornu-shoigu-2024-04-03",
            "date": "2024-04-03",
            "statement": "topic",
            "value": "peace talks on Ukraine",
            "affirmed_by": ["Russian Ministry of Defence"],
            "denied_by": ["a source close to Sébastien Lecornu"],
            "sources": ["France Denies Russian Claim Of Discussion On Potential Ukraine Talks"],
        }
    ]


def test_disputes_table(run: Callable[..., Result]) -> None:
    lines = run("disputes").stdout.splitlines()
    assert lines[0].split() == [
        "contact", "date", "statement", "value", "affirmed_by", "denied_by", "sources",
    ]  # fmt: skip
    assert len(lines) == 3
    assert "a source close to Sébastien Lecornu" in lines[2]


# --- kg who-held --------------------------------------------------------------


@pytest.mark.parametrize(
    "post, on, holders",
    [
        ("Russian defence minister", "2024-04-03", [("shoigu", True)]),
        ("Russian defence minister", "2024-05-20", [("belousov", True)]),
        ("russian DEFENSE minister", "2024-05", [("shoigu", False), ("belousov", False)]),
        ("Minister of Defence, Russian", "2013", [("shoigu", True)]),
        ("Minister of the Armed Forces", "2024-04-03", [("lecornu", True)]),
        ("French defense minister", "2025-11", []),
        ("President of Russia", "2010", []),
        ("Russian President", "2024-04-03", [("putin", True)]),
    ],
)
def test_who_held(
    run: Callable[..., Result], post: str, on: str, holders: list[tuple[str, bool]]
) -> None:
    result = run("who-held", post, "--on", on, "--format", "json")
    assert result.exit_code == (0 if holders else 1)
    assert [(h["id"], h["certain"]) for h in as_json(result)] == holders  # type: ignore[union-attr]


def test_who_held_text(run: Callable[..., Result]) -> None:
    result = run("who-held", "Russian defence minister", "--on", "2024-05-20")
    assert result.stdout == (
        "Russian Minister of Defence on 2024-05-20:\n"
        "  Andrei Belousov, since 2024-05-14\n"
        '    source: Wikipedia, "Andrey Belousov"\n'
    )


def test_who_held_gap(run: Callable[..., Result]) -> None:
    result = run("who-held", "Russian defence minister", "--on", "2024-05-13")
    assert result.exit_code == 1
    assert result.stdout == "Russian Minister of Defence on 2024-05-13: nobody recorded.\n"


def test_who_held_needs_a_post(run: Callable[..., Result]) -> None:
    result = run("who-held", "Shoigu", "--on", "2024")
    assert result.exit_code == 2
    assert result.stderr == "Error: Sergei Shoigu is a person, not a post\n"


# --- contacts between countries and posts ------------------------------------


@pytest.mark.parametrize(
    "args, contact",
    [
        (["France", "Russia"], "lecornu-shoigu-2024-04-03"),
        (["Russia", "France", "--level", "defence-minister"], "lecornu-shoigu-2024-04-03"),
        (["France", "Russia", "--level", "head-of-state"], "macron-putin-2022-09"),
        (["France", "Russia", "--level", "minister"], "lecornu-shoigu-2024-04-03"),
        (["Russia", "United States", "--level", "foreign-minister"], "lavrov-blinken-2023-04"),
        (["Russia", "USA", "--level", "defence-minister"], "shoigu-austin-2023-03"),
        (["Russia", "Ukraine"], "russia-ukraine-talks-turkey-2022"),
        (["French defence minister", "Russian defence minister"], "lecornu-shoigu-2024-04-03"),
        (["French President", "Russia"], "macron-putin-2022-09"),
        (["US Secretary of Defense", "Shoigu"], "shoigu-austin-2023-03"),
    ],
)
def test_countries_and_posts(run: Callable[..., Result], args: list[str], contact: str) -> None:
    answer = as_json(run("last-contact", *args, "--format", "json"))
    assert answer["last"]["id"] == contact  # type: ignore[index]


def test_posts_before(run: Callable[..., Result]) -> None:
    answer = as_json(
        run(
            "last-contact",
            "French defence minister",
            "Russian defence minister",
            "--before",
            "2024",
            "--format",
            "json",
        )  # fmt: skip
    )
    assert answer["last"]["id"] == "lecornu-shoigu-2022-10"  # type: ignore[index]


def test_no_contact_at_a_level(run: Callable[..., Result]) -> None:
    result = run("last-contact", "Russia", "Ukraine", "--level", "minister")
    assert result.exit_code == 1
    assert result.stdout == (
        "No recorded contact between Russia and Ukraine (at minister level).\n"
    )


def test_level_needs_two_countries(run: Callable[..., Result]) -> None:
    result = run("last-contact", "Lecornu", "Russia", "--level", "minister")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: a level compares two countries, but Sébastien Lecornu is a person "
        "and Russia a country\n"
    )


def test_participants_carry_their_post_at_the_date(run: Callable[..., Result]) -> None:
    answer = as_json(run("last-contact", "Lavrov", "Blinken", "--format", "json"))
    posts = {p["id"]: p["posts"] for p in answer["last"]["participants"]}  # type: ignore[index]
    assert posts == {
        "blinken": ["United States Secretary of State"],
        "lavrov": ["Russian Minister of Foreign Affairs"],
    }


# --- role checks and date claims on a hand-made dataset ----------------------

ROLE_CONTACTS = """
contacts:
  - id: wrong-post
    type: meeting
    date: 2024-05-01
    participants: [{id: ann, as: bb-fm}, bob]
    claims: [{about: occurred, by: wire, source: wire-1}]
  - id: no-post
    type: phone-call
    date: 2024-05-02
    participants: [ann, cy]
    claims: [{about: occurred, by: wire, source: wire-1}]
  - id: before-office
    type: phone-call
    date: 2019-12
    participants: [ann, bob]
    claims:
      - {about: occurred, by: aa-gov, source: wire-1}
      - {about: {date: 2019-12-30}, by: aa-gov, source: wire-1}
      - {about: {date: 2019-12-31}, by: bb-gov, source: wire-1}
"""


@pytest.fixture
def role_data(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "data", ROLE_CONTACTS)


def test_check_lists_role_warnings(
    run: Callable[..., Result], role_data: Path, tmp_path: Path
) -> None:
    result = run("--data", str(role_data), "check", "--format", "json", store=tmp_path / "s")
    assert result.exit_code == 0
    assert as_json(result) == [
        {
            "file": "contacts.yaml",
            "line": 3,
            "record": "wrong-post",
            "message": "describes Ann Smith as Borduria foreign minister, but no recorded tenure "
            "of theirs in that post includes 2024-05-01; check the post or add the tenure",
        },
        {
            "file": "contacts.yaml",
            "line": 8,
            "record": "no-post",
            "message": "Cy Jones holds no recorded post at 2024-05-02, so country- and "
            "post-level questions will not count them; add the tenure",
        },
        {
            "file": "contacts.yaml",
            "line": 13,
            "record": "before-office",
            "message": "Ann Smith holds no recorded post at 2019-12, so country- and "
            "post-level questions will not count them; add the tenure",
        },
        {
            "file": "contacts.yaml",
            "line": 13,
            "record": "before-office",
            "message": "Bob Smith holds no recorded post at 2019-12, so country- and "
            "post-level questions will not count them; add the tenure",
        },
    ]


def test_check_on_clean_data(run: Callable[..., Result]) -> None:
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout == "No problems and no warnings.\n"


def test_build_warns_but_succeeds(
    run: Callable[..., Result], role_data: Path, tmp_path: Path
) -> None:
    result = run("--data", str(role_data), "build", store=tmp_path / "s")
    assert result.exit_code == 0
    assert result.stderr == "4 warning(s) about roles: run 'kg check' to list them.\n"


def test_rival_date_claims_are_disputed(
    run: Callable[..., Result], role_data: Path, tmp_path: Path
) -> None:
    rows = as_json(
        run(
            "--data",
            str(role_data),
            "claims",
            "before-office",
            "--format",
            "json",
            store=tmp_path / "s",
        )  # fmt: skip
    )
    dates = [(r["value"], r["status"], r["by"]) for r in rows if r["statement"] == "date"]  # type: ignore[union-attr]
    assert dates == [
        ("2019-12-30", "disputed", "Aland government"),
        ("2019-12-31", "disputed", "Borduria government"),
    ]
    disputed = as_json(
        run("--data", str(role_data), "disputes", "--format", "json", store=tmp_path / "s")
    )
    assert [(d["statement"], d["value"]) for d in disputed] == [  # type: ignore[union-attr]
        ("date", "2019-12-30"),
        ("date", "2019-12-31"),
    ]


def test_country_level_ignores_people_without_a_post_then(
    run: Callable[..., Result], role_data: Path, tmp_path: Path
) -> None:
    # Ann and Bob took office in 2020: the 2019 call is not an Aland–Borduria
    # contact, while the 2024 meeting is.
    answer = as_json(
        run(
            "--data",
            str(role_data),
            "last-contact",
            "Aland",
            "Borduria",
            "--before",
            "2024",
            "--format",
            "json",
            store=tmp_path / "s",
        )  # fmt: skip
    )
    assert answer["last"] is None  # type: ignore[index]
    later = as_json(
        run(
            "--data",
            str(role_data),
            "last-contact",
            "Aland",
            "Borduria",
            "--format",
            "json",
            store=tmp_path / "s",
        )  # fmt: skip
    )
    assert later["last"]["id"] == "wrong-post"  # type: ignore[index]
