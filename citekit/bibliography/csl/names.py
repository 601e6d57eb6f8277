"""Names: cs:names, cs:name and cs:name-part.

Initials of hyphenated and lower-case given names (``Ji-woo`` became ``J.-. woo .``;
``test_hyphenated_given_names``); ``initialize="false"`` was ignored
(``test_initialize_false_keeps_given_names``); formatting and affixes of cs:name caught
"and" and "et al." (``test_name_formatting_belongs_to_each_name``); no
``after-inverted-name`` rule; sort keys held "and"/"et al.". The first names of each entry
are kept for subsequent-author-substitute (:mod:`.layout`).
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.string import String, join

from citekit.bibliography.csl import CSL_NS, NAME_PARTS
from citekit.bibliography.csl.formatting import _Cased, _display, _leaf
from citekit.bibliography.csl.state import _called, render_state
from citekit.bibliography.markup import Marked


class _NamePart(_Cased, model.Name_Part):
    def format_part(self, given: Any, family: Any) -> tuple[Any, Any]:
        given, family = super().format_part(given, family)
        # Affixes make citeproc-py's strings "mixed", which its own name join cannot take.
        return (
            Marked(str(given)) if given is not None else None,
            Marked(str(family)) if family is not None else None,
        )


class _Name(model.Name):
    TAG = f"{{{CSL_NS}}}name"

    def get_option(self, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if sort_options is not None:
            # A sort key holds names only: no "and" between them (pandoc, citeproc-js) …
            if name == "and":
                return None
            # … and "sort-only" means the particle is demoted here (van Gogh under G).
            if name == "demote-non-dropping-particle":
                value = super().get_option(name, context, sort_options)
                return "display-and-sort" if value == "sort-only" else value
        return super().get_option(name, context, sort_options)

    def render(self, item: Any, variable: str, context: Any = None, **kwargs: Any) -> Any:
        text = self.markup(self.process(item, variable, context=context, **kwargs))
        state = render_state(self)
        if (
            text
            and kwargs.get("sort_options") is None
            and state.capturing_names
            and state.first_names is None
        ):
            # The first names of an entry, for subsequent-author-substitute.
            state.first_names = (variable, _identity(item.reference.get(variable)), str(text))
        return text

    def et_al(self) -> Any:
        if render_state(self).sorting:
            return ""  # no "et al." inside a sort key
        return super().et_al()

    def markup(self, text: Any) -> Any:
        # Formatting and affixes of cs:name belong to each name (see process).
        if not text:
            return None
        return _leaf(text) if not isinstance(text, int) else text

    def process(
        self, item: Any, variable: str, context: Any = None, sort_options: Any = None, **_: Any
    ) -> Any:
        """A name list, rendered name by name (citekit's own; see the module docstring).

        citeproc-py formatted the whole list at once, so a style's small capitals or suffix
        on cs:name also caught "and" and "et al." and was not repeated per name; it knew no
        ``after-inverted-name`` delimiter rule.
        """

        def option(name: str) -> Any:
            return self.get_option(name, context, sort_options)

        names = list(item.reference.get(variable.replace("-", "_")) or [])
        form = option("form")
        et_al_min, use_first = option("et-al-min"), option("et-al-use-first")
        truncated = bool(et_al_min) and len(names) > 1 and len(names) >= et_al_min
        # The list must be at least two names longer than what is shown (CSL, pandoc).
        use_last = truncated and option("et-al-use-last") and len(names) >= use_first + 2
        shown = names[:use_first] if truncated else names
        if form == "count":
            return len(shown) + (1 if use_last else 0)
        order = option("name-as-sort-order")
        inverted = [order == "all" or (order == "first" and i == 0) for i in range(len(shown))]
        texts = [
            self._one(n, inv, form, option, context) for n, inv in zip(shown, inverted, strict=True)
        ]
        delimiter = option("delimiter")
        if truncated:
            if use_last:
                last = self._one(names[-1], order == "all", form, option, context)
                return join(texts, delimiter) + String(delimiter) + String("\u2026 ") + last
            et_al = self.et_al()
            if not et_al:
                return join(texts, delimiter)
            rule = option("delimiter-precedes-et-al")
            if not texts:  # et-al-use-first="0": no names, so nothing (pandoc)
                return String("")
            before = _delimiter_applies(rule, len(texts) >= 2, inverted[-1])
            return join(texts, delimiter) + String(delimiter if before else " ") + et_al
        and_ = option("and")
        if and_ is None or len(texts) < 2:
            return join(texts, delimiter)
        term = self.get_single_term("and") if and_ == "text" else self.preformat("&")
        rule = option("delimiter-precedes-last")
        before = _delimiter_applies(rule, len(texts) >= 3, inverted[-2])
        head = join(texts[:-1], delimiter)
        return head + String(delimiter if before else " ") + term + String(" ") + texts[-1]

    def _one(self, name: Any, inverted: bool, form: str, option: Any, context: Any) -> Any:
        """One name, its name-parts formatted, then cs:name's formatting and affixes."""
        given, family, dropping, non_dropping, suffix = name.parts()
        if given is not None and option("initialize-with") is not None:
            given = self.initialize(given, option("initialize-with"), context)
        parts = self.findall("cs:name-part", self.nsmap)
        if form == "short":
            family = " ".join(p for p in (non_dropping, family) if p)
            for part in parts:
                _given, family = part.format_part(None, family)
            text = family
        elif inverted:
            if option("demote-non-dropping-particle") in ("never", "sort-only"):
                family = " ".join(p for p in (non_dropping, family) if p)
                given = " ".join(p for p in (given, dropping) if p)
            else:
                given = " ".join(p for p in (given, dropping, non_dropping) if p)
            for part in parts:
                given, family = part.format_part(given or None, family)
            text = option("sort-separator").join(str(p) for p in (family, given, suffix) if p)
        else:
            family = " ".join(p for p in (dropping, non_dropping, family) if p)
            for part in parts:
                given, family = part.format_part(given, family)
            text = ""
            for piece in (str(p) for p in (given, family, suffix) if p):
                text += piece if not text or text[-1].isspace() else " " + piece
        return self.wrap(self.format(Marked(text))) if text else String("")

    def initialize(self, given: str, mark: str, context: Any) -> str:
        """Initials as CSL describes them, for hyphenated and lower-case parts too.

        ``Jean-Luc`` → ``J.-L.``, ``Ji-woo`` → ``J.-W.`` (a hyphenated name keeps one
        initial per part), ``abu Bakr`` → ``abu B.`` (a lower-case word is a particle, kept
        whole). With ``initialize="false"`` given names stay whole and only the initials
        already there get ``initialize-with`` appended (``James T`` → ``James T.``).
        """
        with_hyphen = self.get_option("initialize-with-hyphen", context)
        initialize = _inherited(self, "initialize", context) != "false"
        tokens: list[str] = []
        for word in given.replace(".", ". ").split():
            word = word.rstrip(".")
            if not word:
                continue
            parts = [p for p in word.split("-") if p]
            if len(parts) > 1 and initialize and parts[0][0].isupper():
                initials = [p[0].upper() for p in parts]
                separator = mark.rstrip() + "-" if with_hyphen else mark
                tokens.append(separator.join(initials) + mark)
            elif len(word) == 1 or (initialize and word[0].isupper()):
                tokens.append(word[0] + mark)
            else:
                # A word kept whole (a particle) stands apart from an initial before it.
                space = " " if tokens and not tokens[-1][-1:].isspace() else ""
                tokens.append(space + word + " ")
        # Only ordinary spaces are trimmed: a no-break space after the last initial stays and
        # takes the place of the space before the family name (pandoc).
        return "".join(tokens).strip(" ")


def _delimiter_applies(rule: str, contextual: bool, after_inverted: bool) -> bool:
    """Whether a delimiter precedes "et al." or the last name, by the CSL rule."""
    return {
        "always": True,
        "never": False,
        "contextual": contextual,
        "after-inverted-name": after_inverted,
    }.get(rule, contextual)


def _identity(names: Any) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(n.get(k) for k in ("literal", *NAME_PARTS)) for n in names or ())


def _inherited(element: Any, name: str, context: Any) -> str | None:
    """An inheritable name option: on cs:name, cs:citation/cs:bibliography, or cs:style."""
    value = element.get(name)
    if value is not None:
        return str(value)
    expression = "./ancestor::*[self::cs:citation or self::cs:bibliography][1]"
    parents = (context if context is not None else element).xpath_search(expression)
    for parent in (*parents, element.get_root()):
        value = parent.get(name)
        if value is not None:
            return str(value)
    return None


class _Names(model.Names):
    def process(
        self, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any
    ) -> Any:
        for role in self.get("variable", "").split():
            _called(self, role, role.replace("-", "_") in item.reference)
        if names_context is None and self.name is None:
            # A cs:names anywhere inside cs:substitute (also under cs:choose) takes its name,
            # et-al and label from the cs:names being substituted (CSL); citeproc-py looked
            # only at direct children.
            substitute = self.xpath_search("./ancestor::cs:substitute[1]")
            if substitute:
                names_context = substitute[0].getparent()
        target = names_context if names_context is not None else self
        if target.name is None:
            # citeproc-py would insert its own Name class here, bypassing citekit's fixes.
            target.insert(0, _Name())
        return super().process(item, names_context=names_context, context=context, **kwargs)

    def markup(self, text: Any) -> Any:
        return self.wrap(_display(self, self.format(text))) if text else None
