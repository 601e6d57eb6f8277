"""The reader registry: every reader declares its name, suffixes and detection place."""

from __future__ import annotations

from citekit.parsers import PARSERS


def test_detection_order_is_declared_and_kept() -> None:
    # Specific formats first, the PubMed reader (any text with a citation in it) last.
    assert list(PARSERS) == ["csl-json", "wiki", "ebsco", "medline", "bibtex", "ris", "pubmed"]
    places = [module.DETECT_ORDER for module in PARSERS.values()]
    assert places == sorted(places) and len(set(places)) == len(places)


def test_every_reader_declares_its_shape() -> None:
    for name, module in PARSERS.items():
        assert name == module.NAME
        assert module.SUFFIXES and all(s.startswith(".") for s in module.SUFFIXES)
        assert callable(module.matches) and callable(module.parse)
