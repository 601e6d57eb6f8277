"""The tools people would use instead of citekit, run on the same CSL-JSON, as whole processes.

    python bench/peers.py rispy records.json out.ris
    python bench/peers.py bibtexparser records.json out.bib

Each peer does the work citekit's export does for the same file: read the CSL-JSON, map every
item to the format's fields, and write the file. The mapping is the peer's plain one (rispy's
tag dicts, bibtexparser v2's ``Entry``/``Field`` model), not citekit's profile: this is the
speed a user gets from writing the glue themselves. The JavaScript peers (citation-js,
citeproc-js) live in ``bench/js/``; pandoc is run directly by ``bench/run.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

RIS_TYPES = {"article-journal": "JOUR", "book": "BOOK", "chapter": "CHAP", "report": "RPRT"}
BIBTEX_TYPES = {"article-journal": "article", "book": "book", "chapter": "incollection"}


def _name(name: dict[str, Any]) -> str:
    if "literal" in name:
        return name["literal"]
    family = " ".join(p for p in (name.get("non-dropping-particle"), name.get("family")) if p)
    return ", ".join(p for p in (family, name.get("given")) if p)


def _year(item: dict[str, Any]) -> str | None:
    parts = item.get("issued", {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts[0] else None


def _ris_entry(item: dict[str, Any]) -> dict[str, Any]:
    first, _, last = (item.get("page") or "").partition("-")
    entry = {
        "type_of_reference": RIS_TYPES.get(item.get("type", ""), "GEN"),
        "id": item.get("id"),
        "title": item.get("title"),
        "authors": [_name(n) for n in item.get("author", [])],
        "secondary_title": item.get("container-title"),
        "alternate_title3": item.get("container-title-short"),
        "volume": item.get("volume"),
        "number": item.get("issue"),
        "start_page": first or None,
        "end_page": last or None,
        "year": _year(item),
        "doi": item.get("DOI"),
        "issn": item.get("ISSN") or item.get("ISBN"),
        "abstract": item.get("abstract"),
        "keywords": [k.strip() for k in (item.get("keyword") or "").split(",") if k.strip()],
        "urls": [item["URL"]] if item.get("URL") else [],
        "language": item.get("language"),
        "publisher": item.get("publisher"),
    }
    return {k: v for k, v in entry.items() if v}


def rispy_main(source: Path, target: Path) -> None:
    import rispy

    items = json.loads(source.read_text(encoding="utf-8"))
    target.write_text(rispy.dumps([_ris_entry(item) for item in items]), encoding="utf-8")


def _bib_fields(item: dict[str, Any]) -> dict[str, str | None]:
    return {
        "author": " and ".join(_name(n) for n in item.get("author", [])) or None,
        "title": item.get("title"),
        "journal": item.get("container-title"),
        "volume": item.get("volume"),
        "number": item.get("issue"),
        "pages": (item.get("page") or "").replace("-", "--") or None,
        "year": _year(item),
        "doi": item.get("DOI"),
        "issn": item.get("ISSN"),
        "isbn": item.get("ISBN"),
        "abstract": item.get("abstract"),
        "keywords": item.get("keyword"),
        "url": item.get("URL"),
        "publisher": item.get("publisher"),
    }


def bibtexparser_main(source: Path, target: Path) -> None:
    import bibtexparser
    from bibtexparser.model import Entry, Field

    items = json.loads(source.read_text(encoding="utf-8"))
    library = bibtexparser.Library()
    for index, item in enumerate(items):
        fields = [Field(k, v) for k, v in _bib_fields(item).items() if v]
        kind = BIBTEX_TYPES.get(item.get("type", ""), "misc")
        library.add(Entry(kind, item.get("id") or f"item{index}", fields))
    target.write_text(bibtexparser.write_string(library), encoding="utf-8")


PEERS = {"rispy": rispy_main, "bibtexparser": bibtexparser_main}

if __name__ == "__main__":
    PEERS[sys.argv[1]](Path(sys.argv[2]), Path(sys.argv[3]))
