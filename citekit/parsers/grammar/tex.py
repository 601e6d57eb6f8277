"""TeX field values as CSL text: the grammar the BibTeX/BibLaTeX reader shares with nobody.

A BibTeX value is TeX: accents as macros (``M{\\"u}ller``), specials escaped (``\\&``),
dashes and quotes as ligatures (``--``, ````q''``), formatting as commands (``\\textit{E.
coli}``, ``{\\em …}``) and braces that keep a word's case (``{DNA}``). CSL-JSON has Unicode
text with a small HTML-like rich-text markup, so this module turns one into the other the way
Zotero's and pandoc's BibTeX readers do:

- formatting commands become ``<i>``, ``<b>``, ``<sup>``, ``<sub>`` and the small-caps span;
- in titles, a brace group at the top level (not one that only wraps an accent, ``{\\"U}``)
  becomes ``<span class="nocase">…</span>``: a style must not change its case;
- accents, symbols and math become their Unicode characters (pylatexenc's tables);
- a command nobody knows is dropped and named, so the reader can report it.

pylatexenc's walker does the TeX tokenising (groups, macro arguments, math); only the mapping
to CSL markup is written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexNode,
    LatexWalker,
    get_default_latex_context_db,
)
from pylatexenc.macrospec import MacroSpec

from citekit.normalize import without_markup

NOCASE = '<span class="nocase">'
SMALL_CAPS = '<span style="font-variant:small-caps;">'

# Commands with one argument that CSL rich text has markup for: (opening, closing).
_WRAPPING = {
    "textit": ("<i>", "</i>"),
    "emph": ("<i>", "</i>"),
    "textsl": ("<i>", "</i>"),
    "mkbibemph": ("<i>", "</i>"),
    "mkbibitalic": ("<i>", "</i>"),
    "textbf": ("<b>", "</b>"),
    "mkbibbold": ("<b>", "</b>"),
    "textsc": (SMALL_CAPS, "</span>"),
    "textsuperscript": ("<sup>", "</sup>"),
    "mkbibsuperscript": ("<sup>", "</sup>"),
    "textsubscript": ("<sub>", "</sub>"),
    "mkbibsubscript": ("<sub>", "</sub>"),
    "nocase": (NOCASE, "</span>"),
    "NoCaseChange": (NOCASE, "</span>"),
    "enquote": ("“", "”"),
    "mkbibquote": ("“", "”"),
}
# Old-style switches (``{\\it word}``): they format the rest of their group.
_SWITCHES = {
    "it": ("<i>", "</i>"),
    "em": ("<i>", "</i>"),
    "sl": ("<i>", "</i>"),
    "itshape": ("<i>", "</i>"),
    "bf": ("<b>", "</b>"),
    "bfseries": ("<b>", "</b>"),
    "sc": (SMALL_CAPS, "</span>"),
    "scshape": (SMALL_CAPS, "</span>"),
}
# Commands whose argument is kept as it is, without markup.
_PLAIN = {
    "textup", "textrm", "textnormal", "textsf", "texttt", "textmd", "mbox", "hbox",
    "text", "ensuremath", "url", "path", "uppercase", "MakeUppercase", "lowercase",
    "MakeLowercase", "NoCaseChange", "ignorespaces",
}  # fmt: skip
# Text commands for the ASCII characters TeX reserves (pylatexenc gives look-alikes for some).
_SYMBOLS = {
    "textasciicircum": "^", "textasciitilde": "~", "textbackslash": "\\", "textless": "<",
    "textgreater": ">", "textbar": "|", "textunderscore": "_", "textquotedbl": '"',
    "textbraceleft": "{", "textbraceright": "}", "textdollar": "$",
}  # fmt: skip
# Commands that mean nothing in a reference's text (spacing and hyphenation hints).
_SILENT = {"relax", "-", "/", "@", "protect", "noopsort", "noop", "xspace", "null", "unskip"}
# Arguments each of those commands takes, for the walker (it knows the LaTeX ones).
_ONE_ARGUMENT = {*_WRAPPING, "noopsort", "noop"}

# The walker must know which commands take an argument, or `\\textsuperscript{2}` would be a
# command followed by a (case-keeping) group.
_CONTEXT = get_default_latex_context_db()
_CONTEXT.add_context_category(
    "citekit-bibtex",
    macros=[MacroSpec(name, "{") for name in sorted(_ONE_ARGUMENT | _PLAIN)]
    + [MacroSpec("href", "{{")],
    prepend=True,
)

_SPACES = re.compile(r"[ \t\r\n]+")
# Anything TeX would treat specially; text without any of it needs no walker.
_TEX = re.compile(r"[\\{}$~%]|--|``|''|!`|\?`")

_TO_TEXT = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


@dataclass
class Decoded:
    """A value as CSL text, and the commands that had no meaning here (for a report)."""

    text: str
    unknown: list[str] = field(default_factory=list)


def decode(value: str, *, title: bool = False) -> Decoded:
    """``value`` (TeX) as CSL text; ``title`` keeps braced words' case as nocase spans."""
    if not _TEX.search(value):
        return Decoded(_SPACES.sub(" ", value).strip())
    try:
        nodes = LatexWalker(value, latex_context=_CONTEXT, tolerant_parsing=True).get_latex_nodes()[
            0
        ]
    except Exception:  # pylatexenc raises its own errors on broken input
        return Decoded(_SPACES.sub(" ", value.replace("{", "").replace("}", "")).strip())
    out = Decoded("")
    out.text = _tidy(_Render(out.unknown, title).nodes(nodes, top=True))
    return out


def plain(value: str) -> str:
    """``value`` as plain Unicode text: markup dropped, braces gone (names, keys, numbers)."""
    return without_markup(decode(value).text)


_SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|(\\[A-Za-z]+|.))")


def _math(latex: str) -> str:
    """Inline math as text: ``$^{2+}$`` → ``<sup>2+</sup>``, ``$\\alpha$`` → ``α``."""
    body = latex.strip("$").removeprefix("\\(").removesuffix("\\)")
    out, last = [], 0
    for match in _SCRIPT.finditer(body):
        out.append(_TO_TEXT.latex_to_text(body[last : match.start()]))
        tag = "sup" if match.group(1) == "^" else "sub"
        script = _TO_TEXT.latex_to_text(match.group(2) or match.group(3) or "")
        out.append(f"<{tag}>{script}</{tag}>")
        last = match.end()
    out.append(_TO_TEXT.latex_to_text(body[last:]))
    return "".join(out)


def _takes_it(node: LatexNode | None) -> bool:
    """True when ``node`` is a command the walker gave no argument that a group may be."""
    return (
        isinstance(node, LatexMacroNode)
        and not (node.nodeargd and node.nodeargd.argnlist)
        and node.macroname.isalpha()
        and node.macroname not in _SWITCHES
    )


_ENTITY = re.compile(r"&#(\d{1,7});")


def _tidy(text: str) -> str:
    text = _SPACES.sub(" ", text).strip()
    # HTML character references some exporters (the ACM Digital Library) put in TeX (\&\#38;).
    text = _ENTITY.sub(lambda m: chr(int(m.group(1))) if int(m.group(1)) < 0x110000 else "", text)
    # An empty nocase span (``{}`` used as a separator) carries nothing.
    return text.replace(NOCASE + "</span>", "")


@dataclass
class _Render:
    unknown: list[str]
    title: bool

    def nodes(self, nodes: list[LatexNode] | None, *, top: bool = False) -> str:
        out: list[str] = []
        for index, node in enumerate(nodes or []):
            if isinstance(node, LatexMacroNode) and node.macroname in _SWITCHES:
                opening, closing = _SWITCHES[node.macroname]
                rest = self.nodes(nodes[index + 1 :] if nodes else [], top=top)
                out.append(opening + rest.lstrip() + closing)
                break
            previous = nodes[index - 1] if nodes and index else None
            if isinstance(node, LatexGroupNode) and _takes_it(previous):
                # `\\unknown{Word}`: the group is the command's argument, not a case lock.
                out.append(self.nodes(node.nodelist, top=top))
                continue
            out.append(self.node(node, top=top))
        return "".join(out)

    def node(self, node: LatexNode, *, top: bool) -> str:
        if isinstance(node, LatexCharsNode):
            return node.chars
        if isinstance(node, LatexCommentNode):
            return ""
        if isinstance(node, LatexGroupNode):
            return self.group(node, top=top)
        if isinstance(node, LatexMacroNode):
            return self.macro(node)
        if isinstance(node, LatexMathNode):
            return _math(node.latex_verbatim())
        return _TO_TEXT.nodelist_to_text([node])

    def group(self, node: LatexGroupNode, *, top: bool) -> str:
        children = node.nodelist or []
        first = children[0] if children else None
        # `{\"U}ber`: braces around an accent (or any command first, as BibTeX's "special
        # character") are not a request to keep case.
        if isinstance(first, LatexMacroNode):
            # `{\"U}ber`, `{\it word}`: braces around a command (BibTeX's "special
            # character") are not a request to keep case; groups inside still are.
            return self.nodes(children, top=top)
        inner = self.nodes(children)
        if self.title and top and inner.strip():
            return NOCASE + inner + "</span>"
        return inner

    def macro(self, node: LatexMacroNode) -> str:
        name = node.macroname
        arguments = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a]
        if name in _WRAPPING and arguments:
            opening, closing = _WRAPPING[name]
            return opening + self.argument(arguments[-1]) + closing
        if name in _PLAIN:
            return "".join(self.argument(a) for a in arguments)
        if name == "href" and arguments:
            return self.argument(arguments[-1])
        if name in _SILENT:
            return ""
        if name in _SYMBOLS:
            return _SYMBOLS[name]
        text = _TO_TEXT.nodelist_to_text([node])
        if not text and name.isalpha():
            self.unknown.append("\\" + name)
        return text

    def argument(self, node: LatexNode) -> str:
        if isinstance(node, LatexGroupNode):
            return self.nodes(node.nodelist, top=True)
        return self.node(node, top=True)
