"""TeX text for the BibTeX and BibLaTeX writers: escaping, case protection, names, ``--ascii``.

Three readers see these values, and each rule below is there for one of them:

- BibTeX counts braces without regard to backslashes, so ``\\{`` alone would end a field.
  A brace from the text is written ``\\{``/``\\}`` when it has a partner in the same value;
  an unpaired one carries an invisible partner (``\\{\\vphantom{\\}}``, Zotero's own escape),
  so every value stays balanced and no input can leave its field.
- LaTeX would run ``\\input``, ``\\write18`` or ``$…$``: every TeX special character is
  escaped, so text stays text.
- BibTeX styles lower-case titles (``change.case$``) except the first character and braced
  groups: only words whose capitals carry meaning are braced (``vitamin {D}``, ``{BMD}``,
  ``{COVID}-19``, and proper nouns in a title written in sentence case), never the title.

The escapes are the forms Zotero's BibTeX import and pandoc read back to the same character
(``{\\textbackslash}``, ``{\\textasciitilde}`` …).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from citekit.normalize import fold_ascii
from citekit.record import Name
from citekit.writers.shared.common import flatten

if TYPE_CHECKING:  # pylatexenc is imported only when --ascii is asked for
    from pylatexenc.latexencode import UnicodeToLatexEncoder

# TeX's special characters in text, and what stands for them. `<` and `>` print as other
# glyphs in LaTeX's default OT1 font encoding, so they are spelled out too.
LATEX_SPECIALS = {
    "\\": r"{\textbackslash}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
    "<": r"{\textless}",
    ">": r"{\textgreater}",
}
PAIRED_BRACES = {"{": r"\{", "}": r"\}"}
LONE_BRACES = {"{": r"\{\vphantom{\}}", "}": r"\vphantom{\{}\}"}

# Words a title in title case still writes in lower case; they say nothing about its casing.
TITLE_CASE_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "but",
        "or",
        "nor",
        "for",
        "so",
        "yet",
        "as",
        "at",
        "by",
        "in",
        "of",
        "off",
        "on",
        "per",
        "to",
        "up",
        "via",
        "vs",
        "from",
        "into",
        "onto",
        "with",
        "over",
        "than",
        "versus",
    ]
)

_WORD = re.compile(r"[^\W_]+")
# CSL-JSON's rich text (the markup the CSL-JSON schema allows in any string) and the TeX each
# tag becomes; nocase is case protection, which in BibTeX is a pair of braces.
_RICH_TAG = re.compile(
    r"<(?P<close>/)?(?P<tag>i|b|sup|sub|sc)>"
    r'|<span\s+class="nocase"\s*>'
    r'|<span\s+style="font-variant:\s*small-caps;?\s*"\s*>'
    r"|(?P<span_end></span>)"
)
_RICH_TEX = {
    "i": r"\textit{",
    "b": r"\textbf{",
    "sup": r"\textsuperscript{",
    "sub": r"\textsubscript{",
    "sc": r"\textsc{",
    "nocase": "{",
}
# What _run writes for a plain stretch: each special's escape (a table for str.translate),
# and the first character of a ligature with ``{}`` after it. No escape holds a hyphen, a
# quote or a backtick, so the ligatures can be seen to after the specials.
_ESCAPES = str.maketrans(LATEX_SPECIALS)
_ESCAPES_BUT_ANGLES = str.maketrans({c: e for c, e in LATEX_SPECIALS.items() if c not in "<>"})
# TeX's ligatures: -- and --- are dashes, '' and `` curly quotes, !` and ?` ¡ and ¿.
_LIGATURE = re.compile(r"-(?=-)|'(?=')|`(?=`)|[!?](?=`)")
_SPECIAL_CHAR = re.compile("[" + re.escape("".join(LATEX_SPECIALS)) + "]")
_AND = re.compile(r"\band\b", re.IGNORECASE)
# A one-character accent command (`\"`, `\v` …): the ones that can be stacked on a letter.
_ACCENT_MACRO = re.compile(r"\\(?:[`'^\"~=.]|[A-Za-z])")


def _plain_escaped(text: str, *, angles: bool) -> str:
    """``text`` with every TeX special escaped, when nothing else in it needs care."""
    if _SPECIAL_CHAR.search(text):  # most values, and nearly every word, hold none
        text = text.translate(_ESCAPES_BUT_ANGLES if angles else _ESCAPES)
    if "-" in text or "'" in text or "`" in text:
        return _LIGATURE.sub(lambda m: m.group(0) + "{}", text)
    return text


def _rich_text(text: str) -> dict[int, str]:
    """How each character of a matched CSL rich-text tag is written: the tag's first
    character as its TeX command (or closing brace), the rest as nothing. A tag without its
    partner is text and stays out of the plan (it is escaped like any other ``<``)."""
    if "<" not in text:
        return {}  # every tag starts with one; most values have none
    opened: list[tuple[str, re.Match[str]]] = []
    pairs: list[tuple[str, re.Match[str], re.Match[str]]] = []
    for match in _RICH_TAG.finditer(text):
        if match.group("span_end") or match.group("close"):
            name = "span" if match.group("span_end") else match.group("tag")
            for depth in range(len(opened) - 1, -1, -1):
                kind = opened[depth][0]
                if kind == name or (name == "span" and kind in ("nocase", "span-sc")):
                    pairs.append((kind, opened[depth][1], match))
                    del opened[depth:]
                    break
        elif match.group("tag"):
            opened.append((match.group("tag"), match))
        else:
            opened.append(("nocase" if "nocase" in match.group(0) else "span-sc", match))
    plan: dict[int, str] = {}
    for kind, start, end in pairs:
        for match, written in ((start, _RICH_TEX["sc" if kind == "span-sc" else kind]), (end, "}")):
            plan[match.start()] = written
            plan.update(dict.fromkeys(range(match.start() + 1, match.end()), ""))
    return plan


def _masked(text: str, plan: dict[int, str]) -> str:
    """``text`` with the characters of its markup blanked: the words left are the text's."""
    return "".join(" " if i in plan else c for i, c in enumerate(text))


def _pair_braces(text: str) -> dict[int, str]:
    """How each brace in ``text`` is written: paired ones plainly, lone ones with a partner."""
    plan: dict[int, str] = {}
    if "{" not in text and "}" not in text:
        return plan  # most values have no brace; the scan below is per character
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}":
            if opened:
                plan[opened.pop()] = PAIRED_BRACES["{"]
                plan[index] = PAIRED_BRACES["}"]
            else:
                plan[index] = LONE_BRACES["}"]
    for index in opened:
        plan[index] = LONE_BRACES["{"]
    return plan


@functools.lru_cache(maxsize=1)
def _encoder() -> UnicodeToLatexEncoder:
    """pylatexenc's encoder, with its default rules: text-mode commands plain LaTeX knows.

    (Its "unicode-xml" rules cover more characters, but with commands that need font
    encodings or packages an old BibTeX setup lacks; those characters are transliterated.)
    """
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(
        conversion_rules=["defaults"],
        non_ascii_only=True,
        replacement_latex_protection="braces-all",
        unknown_char_policy=lambda char: "\0" + char,
        unknown_char_warning=False,
    )


@functools.lru_cache(maxsize=1)
def _accent_macros() -> dict[str, str]:
    """Combining mark → accent command, from pylatexenc's tables (``U+030C`` → ``\\v``)."""
    from pylatexenc.latexencode import get_builtin_conversion_rules

    out = {}
    for rule in get_builtin_conversion_rules("unicode-xml"):
        for codepoint, latex in getattr(rule, "rule", {}).items():
            char = chr(codepoint)
            if unicodedata.combining(char) and _ACCENT_MACRO.fullmatch(latex):
                out.setdefault(char, latex)
    return out


# Values up to this long are remembered once escaped (names, journal titles); longer ones
# (titles, abstracts) rarely repeat and would only fill the memory.
_REPEATING = 120


class TeX:
    """Turns record text into BibTeX field values; ``ascii_only`` writes LaTeX accents.

    Characters ``--ascii`` cannot spell in LaTeX (CJK, for one) are transliterated and
    collected in :attr:`transliterated`, for the writer to announce.
    """

    def __init__(self, *, ascii_only: bool = False) -> None:
        self.ascii_only = ascii_only
        self.transliterated: set[str] = set()
        self._spelled: dict[str, str] = {}
        # Short values repeat across a library (given names, surnames, journals, publishers):
        # each is escaped once per export.
        self._texts: dict[str, str] = {}

    # -- characters -----------------------------------------------------------------------

    def _char(self, char: str) -> str:
        if char.isascii() or not self.ascii_only:
            return char
        if char not in self._spelled:
            latex = _encoder().unicode_to_latex(char)
            self._spelled[char] = latex if "\0" not in latex else self._decomposed(char)
        return self._spelled[char]

    def _decomposed(self, char: str) -> str:
        """``ǚ`` → ``{\\v{\\"u}}``: a letter pylatexenc has no entry for, built from its parts."""
        base, *marks = unicodedata.normalize("NFD", char)
        macros = _accent_macros()
        if base.isascii() and base.isalpha() and marks and all(m in macros for m in marks):
            latex = base
            for mark in marks:
                latex = f"{macros[mark]}{{{latex}}}"
            return "{" + latex + "}"
        self.transliterated.add(char)
        return re.sub(r"[^\x20-\x7e]", "", fold_ascii(char)) or "?"

    def _run(self, text: str, start: int, plan: dict[int, str], *, angles: bool = False) -> str:
        end = start + len(text)
        if (not self.ascii_only or text.isascii()) and (
            not plan or not any(start <= i < end for i in plan)
        ):
            # Nothing planned here and every character written as itself: only the specials
            # change, which string methods find far faster than the loop below.
            return _plain_escaped(text, angles=angles)
        out = []
        for offset, char in enumerate(text):
            if start + offset in plan:
                out.append(plan[start + offset])
            elif angles and char in "<>":
                out.append(char)
            elif char in LATEX_SPECIALS:
                out.append(LATEX_SPECIALS[char])
            elif char == "-" and text[offset + 1 : offset + 2] == "-":
                out.append("-{}")  # TeX would make -- an en dash, --- an em dash
            elif char in "'`" and text[offset + 1 : offset + 2] == char:
                out.append(char + "{}")  # '' and `` are TeX's curly double quotes
            elif char in "!?" and text[offset + 1 : offset + 2] == "`":
                out.append(char + "{}")  # !` and ?` are TeX's inverted ¡ and ¿
            else:
                out.append(self._char(char))
        return "".join(out)

    # -- values ---------------------------------------------------------------------------

    def text(self, value: str) -> str:
        """A text field: one line, every TeX special escaped, braces kept balanced, CSL rich
        text (``<i>``, ``<sup>``, ``<span class="nocase">`` …) as TeX commands."""
        known = self._texts.get(value)
        if known is not None:
            return known
        written = unicodedata.normalize("NFC", flatten(value))
        written = self._run(written, 0, _pair_braces(written) | _rich_text(written))
        if len(value) <= _REPEATING:
            self._texts[value] = written
        return written

    def unprinted(self, value: str) -> str:
        """A field no style prints (abstract, keywords): escaped, but ``<`` and ``>`` and any
        markup kept as typed, which Zotero and pandoc read back as they were (Zotero keeps
        ``{\\textless}`` as the word ``\\textless``)."""
        value = unicodedata.normalize("NFC", flatten(value))
        return self._run(value, 0, _pair_braces(value), angles=True)

    def title(self, value: str, *, name: bool = False) -> str:
        """A title with the words a style must not lower-case braced, word by word.

        ``name=True`` is for the titles of books, proceedings and series, which are names:
        every capitalised word keeps its capital there, whatever the title's casing.
        """
        value = unicodedata.normalize("NFC", flatten(value))
        markup = _rich_text(value)
        plan = _pair_braces(value) | markup
        masked = _masked(value, markup) if markup else value
        words = _cased_words(masked)
        sentence_case = name or not _is_title_case([word for _, word in words])
        pieces, last = [], 0
        # Text inside a TeX command's braces keeps its case anyway, so markup before the
        # first word does not stop it from starting the title: a word starts the title
        # when only white space (of the masked text) comes before it.
        lead = len(masked) - len(masked.lstrip())
        # With nothing planned, a word (letters and digits only) is written as it is, and
        # only the stretches between words need escaping.
        plain = not plan and (not self.ascii_only or value.isascii())
        for number, (start, word) in enumerate(words):
            gap = value[last:start]
            pieces.append(
                _plain_escaped(gap, angles=False) if plain else self._run(gap, last, plan)
            )
            written = word if plain else self._run(word, start, plan)
            initial = number == 0
            at_start = start <= lead
            if _needs_braces(word, initial=initial, at_start=at_start) or (
                sentence_case and not initial and word[0].isupper()
            ):
                written = "{" + written + "}"
            pieces.append(written)
            last = start + len(word)
        pieces.append(self._run(value[last:], last, plan))
        return "".join(pieces)

    def name(self, name: Name) -> str:
        """One name as BibTeX reads it: ``von Last, Jr, First``; an organisation braced whole."""
        if name.literal or not name.family:
            return "{" + self.text(name.literal or name.given or "") + "}"
        von = " ".join(p for p in (name.dropping_particle, name.non_dropping_particle) if p)
        parts = [self._name_part(" ".join(p for p in (von, name.family) if p))]
        if name.suffix:
            parts.append(self._name_part(name.suffix))
        if name.given:
            parts.append(self._name_part(name.given))
        elif name.suffix:
            parts.append("")
        return ", ".join(parts)

    def _name_part(self, part: str) -> str:
        written = self.text(part)
        # A comma or the word "and" inside a part would split the name list; braces keep it.
        return "{" + written + "}" if ("," in part or _AND.search(part)) else written

    def names(self, names: Sequence[Name]) -> str:
        """A name list joined with ``and``."""
        return " and ".join(self.name(n) for n in names)


def _cased_words(text: str) -> list[tuple[int, str]]:
    """The words of ``text`` that have letter case, with their offsets.

    Letters without case (CJK, Thai …) are not words here: ``维生素D与钙`` has one word,
    ``D``, and nothing else in it is braced.
    """
    out = []
    for match in _WORD.finditer(text):
        if match.group(0).isascii():  # ASCII letters and digits all have case (or are digits)
            out.append((match.start(), match.group(0)))
            continue
        run_start = None
        for offset, char in enumerate(match.group(0) + " "):
            cased = char.isupper() or char.islower() or char.isdigit()
            if cased and run_start is None:
                run_start = offset
            elif not cased and run_start is not None:
                out.append((match.start() + run_start, match.group(0)[run_start:offset]))
                run_start = None
    return out


def _is_title_case(words: list[str]) -> bool:
    """True when a title capitalises its words (so a capital says nothing about a word).

    Counts the ordinary words after the first: ``Effects of Vitamin D on Bone Health`` is
    title case, ``Vitamin D levels in Norway, Sweden and Denmark`` is a sentence with names.
    """
    capitalised = lower = 0
    for word in words[1:]:
        if not word.isalpha() or len(word) < 2 or word.lower() in TITLE_CASE_SMALL_WORDS:
            continue
        if word[0].isupper() and word[1:].islower():
            capitalised += 1
        elif word.islower():
            lower += 1
    return capitalised >= 2 and capitalised >= 4 * lower


def _needs_braces(word: str, *, initial: bool, at_start: bool) -> bool:
    """A word whose capitals mean something whatever the title's casing.

    ``change.case$`` keeps only the title's very first character, so a capitalised first
    word that does not start the title (after a quotation mark, say) needs braces as well.
    """
    if word.islower() or not any(c.isupper() for c in word):
        return False  # islower(): no capital at all, the usual case, at string speed
    if any(c.isupper() for c in word[1:]):
        return True  # acronyms, gene and chemical names: BMD, COVID, mRNA, NaCl, CYP24A1
    if any(c.isdigit() for c in word):
        return True  # K2, D3
    if initial:
        return not at_start
    return len(word) == 1  # vitamin D, X-ray, hepatitis B


def raw(value: str) -> str:
    """A ``doi``/``url``/file value as written: no TeX escapes, which Zotero would keep.

    Only what could unbalance or end the field is percent-encoded: braces and backslashes
    (RFC 3986 allows none of them in a URL) and white space.
    """
    value = flatten(value)
    for char, encoded in (("\\", "%5C"), ("{", "%7B"), ("}", "%7D"), (" ", "%20")):
        value = value.replace(char, encoded)
    return value


def file_field(urls: Sequence[str]) -> str:
    """The ``file`` field as Zotero and JabRef read it: ``PDF:<url>:application/pdf``;…

    ``:``, ``;`` and ``\\`` separate the parts there, so a backslash goes before them.
    """
    entries = []
    for url in urls:
        path = re.sub(r"([\\:;])", r"\\\1", raw(url))
        entries.append(f"PDF:{path}:application/pdf")
    return ";".join(entries)
