"""Citation keys: readable, ASCII, unique within an export, independent of input order."""

from __future__ import annotations

import random

import pytest

from citekit import Record
from citekit.errors import CitekitError
from citekit.keys import assign_keys, make_key
from tests.export_fixtures import FIXTURES, fixture_records


def record(title: str, family: str = "Liang", year: int | None = 2022, **more) -> Record:
    data = {"type": "article-journal", "title": title, "author": [{"family": family}], **more}
    if year:
        data["issued"] = {"date-parts": [[year]]}
    return Record.from_csl(data)


@pytest.mark.parametrize(
    ("family", "title", "key"),
    [
        ("Liang", "Effects of vitamin D with or without calcium", "liang2022effects"),
        ("Müller", "The role of VDR", "muller2022role"),
        ("Núñez-García", "A study", "nunezgarcia2022study"),
        ("Østergaard", "On bone", "ostergaard2022bone"),
        ("Lǚ", "Vitamin D", "lu2022vitamin"),
        ("王", "维生素D与骨质疏松症", "wang2022weisheng"),
        ("O'Brien", "Why vitamin D matters", "obrien2022vitamin"),
    ],
)
def test_default_key_is_family_year_first_significant_word(family, title, key) -> None:
    assert make_key(record(title, family)) == key


def test_organisation_gives_its_initials_and_missing_parts_say_so() -> None:
    who = Record.from_csl(
        {"type": "report", "author": [{"literal": "World Health Organization"}], "title": "X"}
    )
    assert make_key(who) == "who" + "nd" + "x"
    assert make_key(Record.from_csl({"type": "article-journal"})) == "anonnduntitled"


def test_patterns_and_their_errors() -> None:
    item = record("Effects of vitamin D")
    assert make_key(item, "{Author}{year}") == "Liang2022"
    assert make_key(item, "{author}-{year}-{titles}") == "liang-2022-EffectsVitaminD"
    assert make_key(item, "{title}-") == "effects"  # no trailing punctuation: pandoc's @key
    with pytest.raises(CitekitError, match="author"):
        make_key(item, "{nope}")


def test_collisions_get_suffixes_in_content_order_whatever_the_input_order() -> None:
    items = [
        record("Vitamin D in winter", issued={"date-parts": [[2022, 3]]}),
        record("Vitamin D and bone", issued={"date-parts": [[2022, 1]]}),
        record("Vitamin D and muscle", issued={"date-parts": [[2022, 1]]}),
        record("Calcium", family="Liang"),
    ]
    keyed = {r.title: r.id for r in assign_keys(items)}
    assert keyed == {
        "Vitamin D and bone": "liang2022vitamin",
        "Vitamin D and muscle": "liang2022vitamina",
        "Vitamin D in winter": "liang2022vitaminb",
        "Calcium": "liang2022calcium",
    }
    shuffled = items[:]
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert {r.title: r.id for r in assign_keys(shuffled)} == keyed
    # The records keep their order; only their ids change.
    assert [r.title for r in assign_keys(items)] == [r.title for r in items]


def test_a_suffix_never_takes_a_key_another_record_has() -> None:
    # "liang2022vitamina" is a record's own key (title word "Vitamina").
    items = [record("Vitamin D"), record("Vitamin K"), record("Vitamina A")]
    keys = [r.id for r in assign_keys(items)]
    assert keys == ["liang2022vitamin", "liang2022vitaminb", "liang2022vitamina"]


def test_keys_differing_only_in_case_count_as_the_same() -> None:
    items = [record("X"), record("x")]
    keys = [r.id for r in assign_keys(items, "{Title}")]
    assert len({k.casefold() for k in keys}) == 2


def test_fixture_keys_are_unique_and_the_csl_id() -> None:
    keys = [r.id for r in fixture_records()]
    assert len(keys) == len(set(keys)) == len(FIXTURES)
    assert all(k.isascii() and k.replace(":", "").replace("-", "").isalnum() for k in keys)
