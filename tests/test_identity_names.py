"""The one name core (kg.identity.names) and the name index built on it (kg.identity.index)."""

from __future__ import annotations

import pytest

from kg.identity.index import Entity, NameIndex
from kg.identity.names import match, parse_name


def fits(typed: str, name: str, **custom: bool) -> float | None:
    return match(parse_name(typed), parse_name(name), **custom)


@pytest.mark.parametrize(
    "typed, name, custom",
    [
        ("John Kerry", "John Forbes Kerry", {}),  # a middle name left out
        ("Sergey Viktorovich Lavrov", "Sergey Lavrov", {}),  # a patronymic added
        ("Javad Zarif", "Mohammad Javad Zarif", {}),
        ("Mohammed Zarif", "Mohammad Javad Zarif", {}),
        ("Bill Clinton", "William Jefferson Clinton", {}),  # a nickname
        ("Tony Blinken", "Antony Blinken", {}),  # a nickname of a variant
        ("Dmitry Medvedev", "Dimitry A. Medvedev", {}),  # a transliteration and an initial
        ("Yasir Arafat", "Yasser Arafat", {}),
        ("Sebastien Lecornu", "Sébastien Lecornu", {}),  # diacritics
        ("Abdel Fattah Al-Sisi", "Abdel Fattah el-Sisi", {}),  # an article
        ("Xi", "Xi Jinping", {"family_first": True}),
        ("Ban Ki Moon", "Ban Ki-moon", {"family_first": True}),
        ("Hillary Clinton", "Hillary Rodham Clinton", {}),
    ],
)
def test_names_as_people_type_them(typed: str, name: str, custom: dict[str, bool]) -> None:
    assert fits(typed, name, **custom)


@pytest.mark.parametrize(
    "typed, name, custom",
    [
        ("Kennedy", "Michael O'Kennedy", {}),  # a family name never matches another
        ("Moon", "Ban Ki-moon", {"family_first": True}),
        ("Zarifi", "Mohammad Javad Zarif", {}),
        ("Mario Alberto Lopes Soares", "Rui Alberto de Figueiredo Soares", {"hispanic": True}),
        ("Luis Alberto Lacalle Herrera", "Luis Beder Herrera", {"hispanic": True}),
        ("Juan Carlos Wasmosy", "Juan Carlos Romero", {"hispanic": True}),
        ("Salman bin Hamad Al Khalifa", "Salman bin Khalifa Al Khalifa", {}),
        ("Albert I", "Albert II of Belgium", {}),  # regnal numbers must agree
        ("Cameron Kerry", "John Kerry", {}),
    ],
)
def test_names_that_never_fit(typed: str, name: str, custom: dict[str, bool]) -> None:
    assert fits(typed, name, **custom) is None


def test_weak_fits() -> None:
    # "Rubio" is only the maternal surname of Pascual Ortiz Rubio; a plain "King Albert"
    # may be Albert II but is never sure
    assert fits("Rubio", "Pascual Ortiz Rubio", hispanic=True) == 0.5
    assert fits("Rubio", "Marco Rubio") == 1.0
    assert fits("King Albert", "Albert II of Belgium") == 0.5
    # a regnal mononym and the own name of a "bin" name
    assert fits("King Abdullah bin Abdulaziz al-Saud", "Abdullah of Saudi Arabia") == 1.5


def test_non_latin_names_are_transliterated() -> None:
    assert parse_name("Эшба, Вячеслав Ахметович").keys == ("viacheslav", "akhmetovich", "eshba")


def _index() -> NameIndex:
    people = {
        "kerry": "John Forbes Kerry",
        "kennedy": "John F. Kennedy",
        "okennedy": "Michael O'Kennedy",
        "moon": "Moon Jae-in",
        "ban": "Ban Ki-moon",
        "marco": "Marco Rubio",
        "ortiz": "Ortiz Rubio",
        "sarkozy": "Nicolas Sarkozy",
    }
    entities = [
        Entity(i, f"https://w3id.org/kg-contacts/id/person/{i}", n, "person")
        for i, n in people.items()
    ]
    entities.append(
        Entity("kp", "https://w3id.org/kg-contacts/id/country/kp", "North Korea", "country")
    )
    names = {i: [n] for i, n in people.items()} | {"kp": ["North Korea", "DPRK", "Korea, North"]}
    where = {"moon": ["kr"], "ban": ["kr"], "ortiz": ["mx"]}
    return NameIndex.from_parts(entities, names, {"kp": "Q423"}, where)


@pytest.mark.parametrize(
    "typed, ids",
    [
        ("John Kerry", ["kerry"]),
        ("Kennedy", ["kennedy"]),
        ("O'Kennedy", ["okennedy"]),
        ("Moon", ["moon"]),
        ("Rubio", ["marco", "ortiz"]),
        ("Sarkosy", ["sarkozy"]),  # a typo, when nothing else fits
        ("DPRK", ["kp"]),
        ("Korea, North", ["kp"]),
        ("Q423", ["kp"]),
    ],
)
def test_the_index_finds_what_people_type(typed: str, ids: list[str]) -> None:
    assert sorted(c.entity.id for c in _index().lookup(typed)) == sorted(ids)


def test_a_saved_index_answers_like_the_one_built() -> None:
    index = _index()
    loaded = NameIndex.loads(index.dumps())
    assert loaded is not None
    for typed in ("John Kerry", "Moon", "Rubio", "DPRK", "Sarkosy", "Marco", "Nobody"):
        assert loaded.lookup(typed) == index.lookup(typed)
    assert loaded.suggest("jon kerry") == index.suggest("jon kerry") == ["John Forbes Kerry"]
    assert len(loaded) == len(index) == 9
