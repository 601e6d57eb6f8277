"""Format profiles as data: which field of a format carries which CSL variables, for which
entry types, encoded how — and the one builder every record format is written through.

A :class:`Profile` is a table of :class:`Rule` rows in output order. Each row names the
format's field (``journal``, ``T2``), the CSL variables it carries, the entry types that take
it, and the function that encodes the value (delimiters included) or says there is none.
A row marked ``otherwise`` is the alternative of the row above it, written only when that
one wrote nothing; only the variables of the row that was written count as carried
(``number`` carries ``issue``, otherwise ``number``).

What a record holds that no written row carried is what the format has no place for; the
builder reports it, so that "what was dropped" is read off the table, not kept by hand in
each writer. Readers and tests can read the same rows (:meth:`Profile.fields_for`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from citekit.errors import Diagnostic
from citekit.record import Record
from citekit.writers.shared.common import left_out

if TYPE_CHECKING:
    from citekit.writers.shared.latex import TeX


@dataclass(frozen=True)
class Context:
    """What an encoder may need besides the record: the entry type chosen and, for the TeX
    formats, the escaper (which remembers what ``--ascii`` had to transliterate)."""

    kind: str
    tex: TeX | None = None


# An encoder gives the written value (delimiters included), several values for a field that
# repeats (RIS ``AU``), "" when the entry type itself says it (a PhD thesis's genre), or None.
Encoder = Callable[[Record, Context], "str | list[str] | None"]


@dataclass(frozen=True)
class Rule:
    """One row of a profile: ``field`` carries the CSL variables ``carries`` on ``types``."""

    field: str
    carries: tuple[str, ...]
    value: Encoder
    # The entry types that take the field; None: every type the profile allows it on.
    types: frozenset[str] | None = None
    # Only when the row above wrote nothing (an alternative source for the same field).
    otherwise: bool = False


@dataclass(frozen=True)
class Profile:
    """A format's whole field table, and the few things about it that are not per field."""

    name: str
    rules: tuple[Rule, ...]
    entry_type: Callable[[Record], str]
    # The CSL types the format's entry types name exactly; others are written as the
    # nearest type and reported.
    exact_types: frozenset[str]
    # Whether the format allows ``field`` on entry type ``kind`` at all (biblatex's data
    # model); by default every field on every type.
    allows: Callable[[str, str], bool] = lambda _field, _kind: True
    # What a record holds that the written fields carry only in part (the end of a date
    # range, all but the first ISSN), as the names the drop report uses.
    partly: Callable[[Record, str], list[str]] = lambda _record, _kind: []
    # CSL keys that are never the format's to carry (file and line of the user's own disk).
    always_carried: frozenset[str] = frozenset({"custom.found_on"})
    # Entry type -> each row and whether it applies there: asked for every row of every
    # record otherwise, and the answer depends on the entry type alone.
    _plans: dict[str, tuple[tuple[Rule, bool], ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def applies(self, rule: Rule, kind: str) -> bool:
        return (rule.types is None or kind in rule.types) and self.allows(rule.field, kind)

    def plan(self, kind: str) -> tuple[tuple[Rule, bool], ...]:
        """Every row in table order, with whether it applies to entry type ``kind``."""
        found = self._plans.get(kind)
        if found is None:
            found = self._plans[kind] = tuple((r, self.applies(r, kind)) for r in self.rules)
        return found

    def fields_for(self, kind: str) -> dict[str, tuple[str, ...]]:
        """The format's fields on entry type ``kind`` and the CSL variables each can carry."""
        out: dict[str, tuple[str, ...]] = {}
        for rule in self.rules:
            if self.applies(rule, kind):
                out[rule.field] = tuple(dict.fromkeys(out.get(rule.field, ()) + rule.carries))
        return out


@dataclass
class Built:
    """One record in a format: its entry type, its fields in order, and what they carried."""

    kind: str
    fields: list[tuple[str, str]]
    carried: set[str]
    partly: list[str]

    def left_out(self, record: Record) -> list[str]:
        """What ``record`` holds that these fields do not carry (whole, then in part)."""
        return left_out(record, self.carried, self.partly)


def build(record: Record, profile: Profile, tex: TeX | None = None) -> Built:
    """Write ``record`` through ``profile``: every applicable row, in table order."""
    kind = profile.entry_type(record)
    context = Context(kind, tex)
    fields: list[tuple[str, str]] = []
    carried = set(profile.always_carried)
    wrote = False  # whether the row above wrote (or implied) its value
    for rule, applies in profile.plan(kind):
        if rule.otherwise and wrote:
            continue  # the alternative of a row that was written; ``wrote`` stays true
        wrote = False
        if not applies:
            continue
        value = rule.value(record, context)
        if value is None or value == []:
            continue
        wrote = True
        carried.update(rule.carries)
        if isinstance(value, str):
            if value:
                fields.append((rule.field, value))
        else:
            fields += [(rule.field, one) for one in value]
    partly = list(profile.partly(record, kind))
    if record.type not in profile.exact_types:
        partly.append(f"type ({record.type}, written as {describe_kind(profile, kind)})")
    return Built(kind, fields, carried, partly)


def describe_kind(profile: Profile, kind: str) -> str:
    return kind if profile.name == "ris" else f"@{kind}"


@dataclass
class DropReport:
    """The fields a writer found no place for, reported once per field after an export."""

    writer: str
    dropped: dict[str, list[str]] = field(default_factory=dict)

    def add(self, record: Record, names: Iterable[str]) -> None:
        for name in names:
            self.dropped.setdefault(name, []).append(record.id or "?")

    def diagnostics(self) -> list[Diagnostic]:
        """One warning per dropped field, in a stable order, naming the records."""
        out = []
        for name in sorted(self.dropped):
            ids = self.dropped[name]
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            message = f"no place for {name}; left out of {len(ids)} record(s): {shown}"
            out.append(Diagnostic(self.writer, None, message, "warning", "not-carried"))
        return out


def transliterated(writer: str, tex: TeX) -> list[Diagnostic]:
    """The warning ``--ascii`` owes for characters LaTeX has no spelling of."""
    if not tex.transliterated:
        return []
    chars = " ".join(sorted(tex.transliterated))
    message = f"--ascii has no LaTeX spelling for {chars}; transliterated"
    return [Diagnostic(writer, None, message, "warning", "transliterated")]


def first(*values: str | None) -> str | None:
    """The first value that is set."""
    return next((v for v in values if v), None)


def each(values: Sequence[str]) -> list[str]:
    return [v for v in values if v]
