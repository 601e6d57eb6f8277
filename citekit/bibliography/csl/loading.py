"""Loading a style and its locales with citekit's element classes.

- ``_Style``: locales loaded without citekit's classes.
- ``_CompiledXPath``: every XPath look-up compiled and evaluated anew (a third of the
  rendering time).

The classes reach lxml through citekit's own element-class lookup (:data:`ELEMENT_CLASSES`),
so citeproc-py itself is not patched (``test_citeproc_py_itself_is_not_patched``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from citeproc import model
from citeproc.frontend import CitationStylesStyle
from lxml import etree

from citekit.bibliography import markup
from citekit.bibliography.csl import CSL_NS
from citekit.bibliography.csl.dates import _Date, _DatePart
from citekit.bibliography.csl.groups import _ElseIf, _Group, _If, _Substitute, _Text
from citekit.bibliography.csl.layout import _Layout, _Sort
from citekit.bibliography.csl.names import _Name, _NamePart, _Names
from citekit.bibliography.csl.numbers import _Label, _Number
from citekit.bibliography.markup import Quotes


class _Style(model.Style):
    def set_locale_list(self, output_locale: str, validate: bool = True) -> None:
        """The locale chain of CSL (style locales, then locale files), with citekit's classes."""
        self.locales = []
        added: set[str] = set()

        def add_style_locale(lang: str | None) -> None:
            expression = (
                f'./cs:locale[@xml:lang="{lang}"]' if lang else "./cs:locale[not(@xml:lang)]"
            )
            self.locales.extend(self.xpath_search(expression)[:1])

        def add_file_locale(lang: str) -> None:
            if lang not in added:
                added.add(lang)
                self.locales.append(load_locale(lang))

        from citeproc import LANGUAGE_NAMES, PRIMARY_DIALECTS

        language = output_locale.split("-")[0]
        add_style_locale(output_locale)
        add_style_locale(language)
        add_style_locale(None)
        if output_locale in LANGUAGE_NAMES:
            add_file_locale(output_locale)
        if language in PRIMARY_DIALECTS:
            add_file_locale(PRIMARY_DIALECTS[language])
        add_file_locale("en-US")
        for locale in self.locales:
            locale.style = self


ELEMENT_CLASSES = {
    "style": _Style,
    "layout": _Layout,
    "text": _Text,
    "number": _Number,
    "label": _Label,
    "name-part": _NamePart,
    "date": _Date,
    "date-part": _DatePart,
    "name": _Name,
    "names": _Names,
    "group": _Group,
    "substitute": _Substitute,
    "sort": _Sort,
    "if": _If,
    "else-if": _ElseIf,
}


_XPATHS: dict[str, etree.XPath] = {}


class _CompiledXPath:
    """citeproc-py evaluates an XPath expression on every look-up (an option's inheritance,
    a macro, the layout), compiling it each time: a third of the rendering time. Each
    expression is compiled once, and its result kept per element on the document's root
    (the style does not change while it renders; holding the element keeps lxml handing out
    the same proxy for it, so the cache hits)."""

    nsmap: dict[str, str]

    def xpath_search(self, expression: str) -> Any:
        root = self.getroottree().getroot()
        cache = root.__dict__.get("_xpath_cache")
        if cache is None:
            cache = root.__dict__["_xpath_cache"] = {}
        found = cache.get((self, expression))
        if found is None:
            compiled = _XPATHS.get(expression)
            if compiled is None:
                compiled = _XPATHS[expression] = etree.XPath(expression, namespaces=self.nsmap)
            found = cache[(self, expression)] = compiled(self)
        return list(found)


def _element_classes() -> dict[str | None, type]:
    """Every CSL element class, each with compiled XPath; citekit's fixes where it has them."""
    # Only subclasses of citeproc-py's element classes are made: a new direct subclass of
    # CitationStylesElement would join the lookup citeproc-py builds for everyone.
    classes: dict[str | None, type] = {None: model.CitationStylesElement}
    for cls in model.CitationStylesElement.__subclasses__():
        name = cls.__name__.replace("_", "-").lower()
        fixed = ELEMENT_CLASSES.get(name)
        classes[name] = fixed or type(cls.__name__, (_CompiledXPath, cls), {})
    for name, fixed in ELEMENT_CLASSES.items():
        classes[name] = type(fixed.__name__, (_CompiledXPath, fixed), {})
    return classes


def _parser() -> etree.XMLParser:
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NS)
    namespace.update(_element_classes())
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
    parser.set_element_class_lookup(lookup)
    return parser


_PARSER = _parser()


def load_locale(lang: str) -> Any:
    """The root of citeproc-py's locale file for ``lang``, parsed with citekit's classes."""
    from citeproc import LOCALES_PATH

    path = Path(LOCALES_PATH) / f"locales-{lang}.xml"
    if not path.is_file():
        raise ValueError(f"{lang!r} is not a known locale")
    return etree.parse(str(path), _PARSER).getroot()


class LoadedStyle(CitationStylesStyle):
    """A CSL style parsed with citekit's element classes, without schema validation.

    Validation is left out on purpose: pandoc does not validate either, and citeproc-py only
    warns, so it would cost time without changing the output.
    """

    def __init__(self, path: Path, locale: str | None = None) -> None:
        try:
            self.xml = etree.parse(str(path), _PARSER)
        except (OSError, etree.XMLSyntaxError) as error:
            raise ValueError(f"cannot read style {path}: {error}") from error
        self.root = self.xml.getroot()
        if not isinstance(self.root, _Style):
            raise ValueError(f"{path} is not a CSL style")
        if locale:
            # Title case and default terms follow the locale in use, not only the file's.
            self.root.set("default-locale", locale)
        self.root.set_locale_list(locale or self.root.get("default-locale", "en-US"), False)

    def term(self, name: str, default: str) -> str:
        """A locale term's single form, or ``default``."""
        value = self.root.get_single_term(name)
        return markup.strip_markers(str(value)) if value else default

    def quotes(self) -> Quotes:
        """The locale's quotation marks."""
        return Quotes(
            (self.term("open-quote", "“"), self.term("close-quote", "”")),
            (self.term("open-inner-quote", "‘"), self.term("close-inner-quote", "’")),
        )

    def punctuation_in_quote(self) -> bool:
        """Whether the locale puts commas and full stops inside closing quotes."""
        value = self.root.get_locale_option("punctuation-in-quote")
        return str(value).lower() == "true"
