"""Every diagnostic has a short stable code, and every code is documented in the README.

The code is what ``--strict`` filters, reports and scripts key on; a diagnostic made without
one would print as a bare ``warning`` and could not be told from the others. The expectations
come from the README's table (the user's documentation), not from the code under test.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import citekit
from citekit.errors import Diagnostic

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "citekit"
KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def documented_codes() -> dict[str, str]:
    """code → severity, from the README's table of diagnostic codes."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Diagnostic codes", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| (`[^|]+`) \| ([a-z, ]+) \|", section, re.MULTILINE)
    codes: dict[str, str] = {}
    for names, severity in rows:
        for name in re.findall(r"`([^`]+)`", names):
            codes[name] = severity
    return codes


def diagnostic_calls() -> list[tuple[str, int, ast.expr | None]]:
    """(file, line, code argument or None) of every ``Diagnostic(…)`` call in citekit."""
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name != "Diagnostic":
                continue
            code = node.args[4] if len(node.args) > 4 else None
            for keyword in node.keywords:
                if keyword.arg == "code":
                    code = keyword.value
            calls.append((str(path.relative_to(ROOT)), node.lineno, code))
    return calls


def test_every_diagnostic_made_in_citekit_names_a_code() -> None:
    calls = diagnostic_calls()
    assert len(calls) > 30  # the scan sees the calls at all
    missing = [
        f"{file}:{line}"
        for file, line, code in calls
        if code is None or (isinstance(code, ast.Constant) and not code.value)
    ]
    assert missing == [], "Diagnostic(...) without a code"


def test_every_literal_code_is_kebab_case_and_documented() -> None:
    documented = documented_codes()
    literal = {
        (file, line, code.value)
        for file, line, code in diagnostic_calls()
        if isinstance(code, ast.Constant)
    }
    assert literal
    bad = [(f, n, c) for f, n, c in literal if not KEBAB.fullmatch(c) or c not in documented]
    assert bad == []


def test_every_documented_code_is_used() -> None:
    # A stale row misleads as much as a missing one. The *-unused codes are built from the
    # identifier's kind (DOI, PMID, PMCID), so they appear as the f-string that makes them.
    source = "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))
    unused = [
        code
        for code in documented_codes()
        if f'"{code}"' not in source and not code.endswith("-unused")
    ]
    assert unused == []
    assert 'f"{kind.lower()}-unused"' in source


def test_documented_severities_are_real() -> None:
    for code, severity in documented_codes().items():
        assert set(severity.split(", ")) <= {"note", "warning", "error"}, code


SEEDS = sorted((ROOT / "seeds").iterdir())
CORPUS = sorted(
    p
    for p in (ROOT / "tests" / "corpus").rglob("*")
    if p.is_file() and not p.name.endswith(".expect.json")
)


@pytest.mark.parametrize("path", SEEDS + CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_diagnostics_of_real_inputs_carry_documented_codes(path: Path) -> None:
    # Codes passed through variables (a reader's problem list, the BibTeX report) are not
    # seen by the scan above; what the readers actually say on every committed input is.
    documented = documented_codes()
    result = citekit.parse_paths([path], workers=1)
    merged = citekit.merge_duplicates(result.records)[1]
    for diagnostic in [*result.diagnostics, *merged]:
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.code in documented, str(diagnostic)
        assert diagnostic.severity in documented[diagnostic.code], str(diagnostic)
