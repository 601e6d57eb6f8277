"""The parser corpus: small inputs written from the published format rules, with the CSL
fields each must give. Every case also checks that detection finds the format it is in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from citekit import detect, parse

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".md", ".txt", ".bib", ".ris"))


def _name(name: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in name.items() if k in ("family", "given", "literal")}


def _compare(got: dict[str, Any], want: dict[str, Any], where: str) -> list[str]:
    problems = []
    for key, value in want.items():
        if key == "_absent":
            problems += [f"{where}: {k} should be absent, is {got[k]!r}" for k in value if k in got]
        elif key in ("author", "editor"):
            names = [_name(n) for n in got.get(key, [])]
            if names != value:
                problems.append(f"{where}: {key} {names} != {value}")
        elif key == "custom":
            mine = got.get("custom", {})
            for sub, expected in value.items():
                if mine.get(sub) != expected:
                    problems.append(f"{where}: custom.{sub} {mine.get(sub)!r} != {expected!r}")
        elif got.get(key) != value:
            problems.append(f"{where}: {key} {got.get(key)!r} != {value!r}")
    return problems


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_corpus_case(case: Path) -> None:
    expect = json.loads(case.with_name(case.stem + ".expect.json").read_text(encoding="utf-8"))
    text = case.read_text(encoding="utf-8")
    assert detect(text, case.name) == expect["from"]
    result = parse(text, origin=case.name)
    got = [r.csl() for r in result.records]
    problems = []
    if len(got) != len(expect["records"]):
        problems.append(f"{len(got)} records, expected {len(expect['records'])}")
    for number, (mine, want) in enumerate(zip(got, expect["records"], strict=False), start=1):
        problems += _compare(mine, want, f"record {number}")
    messages = " | ".join(str(d) for d in result.diagnostics)
    for needle in expect.get("diagnostics", []):
        if needle not in messages:
            problems.append(f"no diagnostic mentioning {needle!r}: {messages}")
    assert not problems, f"{expect['rule']}\n" + "\n".join(problems)
