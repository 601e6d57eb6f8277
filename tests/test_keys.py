"""Citation keys: readable, ASCII, unique within an export, independent of input order."""

from __future__ import annotations

import json
import random

import pytest

from citekit import Record, export
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


# -- keys stay put when inputs are added ------------------------------------------------------


def _work(title: str, family: str, year: int, month: int, doi: str) -> dict:
    return {
        "type": "article-journal",
        "title": title,
        "author": [{"family": family}],
        "issued": {"date-parts": [[year, month]]},
        "DOI": doi,
    }


PAGE_A = [
    _work("Vitamin D in winter", "Liang", 2022, 3, "10.1000/a1"),
    _work("Vitamin D and bone", "Liang", 2022, 1, "10.1000/a2"),
    _work("Vitamin D and muscle", "Liang", 2022, 1, "10.1000/a3"),
    _work("Calcium and the heart", "Smith", 2020, 6, "10.1000/a4"),
]
# Other works: keys of their own, colliding among themselves, or sharing a stem with A's.
PAGE_B = [
    _work("Vitamin D and sleep", "Liang", 2021, 2, "10.1000/b1"),
    _work("Vitamin D and mood", "Liang", 2021, 1, "10.1000/b2"),
    _work("Calcium intake", "Liang", 2022, 5, "10.1000/b3"),
    _work("Vitamins in pregnancy", "Liang", 2022, 1, "10.1000/b4"),
    _work("Vitami and vitamers", "Liang", 2022, 1, "10.1000/b5"),
    _work("Vitami again", "Liang", 2022, 2, "10.1000/b6"),
    _work("Calcium and the heart", "Smith", 2019, 6, "10.1000/b7"),
]


def _keys(tmp_path, *pages: list[dict]) -> dict[str, str]:
    paths = []
    for number, page in enumerate(pages):
        path = tmp_path / f"{number}-{page[0]['DOI'][-2:]}.json"
        path.write_text(json.dumps(page), encoding="utf-8")
        paths.append(path)
    return {r.DOI: r.id for r in export(paths, "csl-json").records}


def test_adding_a_page_of_other_works_leaves_every_key_in_place(tmp_path) -> None:
    alone = _keys(tmp_path, PAGE_A)
    assert alone == {
        "10.1000/a2": "liang2022vitamin",
        "10.1000/a3": "liang2022vitamina",
        "10.1000/a1": "liang2022vitaminb",
        "10.1000/a4": "smith2020calcium",
    }
    for pages in ((PAGE_A, PAGE_B), (PAGE_B, PAGE_A)):
        together = _keys(tmp_path, *pages)
        assert {doi: together[doi] for doi in alone} == alone
        assert len(set(together.values())) == len(together) == len(PAGE_A) + len(PAGE_B)


@pytest.mark.parametrize("seed", range(20))
def test_keys_move_only_where_a_new_record_collides(seed: int) -> None:
    rng = random.Random(seed)

    def any_record() -> Record:
        return record(
            rng.choice(["Vitamin D", "Vitamins", "Vitami", "Calcium", "Bone"]) + f" {rng.random()}",
            family=rng.choice(["Liang", "Li", "Smith"]),
            year=None,
            issued={"date-parts": [[rng.choice([2020, 2021, 2022]), rng.randint(1, 12)]]},
        )

    old = [any_record() for _ in range(12)]
    keyed = assign_keys(old)
    taken = {make_key(r).casefold() for r in old} | {r.id.casefold() for r in keyed}
    new = [r for r in (any_record() for _ in range(30)) if make_key(r).casefold() not in taken]
    mixed = new[: len(new) // 2] + old + new[len(new) // 2 :]
    after = {r.title: r.id for r in assign_keys(mixed)}
    assert {r.title: after[r.title] for r in old} == {r.title: r.id for r in keyed}


def test_csl_rich_text_never_reaches_the_key() -> None:
    title = '<i>Lactobacillus</i> and <span class="nocase">iPSC</span> models'
    item = Record.from_csl(
        {"id": "", "title": title, "author": [{"family": "Ng"}], "issued": {"date-parts": [[2020]]}}
    )
    assert assign_keys([item])[0].id == "ng2020lactobacillus"
