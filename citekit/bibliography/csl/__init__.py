"""citeproc-py's CSL elements, with citekit's fixes for the gaps that change a reference list.

citeproc-py 0.11 renders most of CSL, but where its output differs from what the CSL
specification asks for (and what pandoc's citeproc, the reference renderer citekit is tested
against, produces), citekit replaces the element class that does it. The classes are passed
to lxml through citekit's own element-class lookup (:data:`.loading.ELEMENT_CLASSES`), so
citeproc-py itself is not patched and other users of it in the same process are not
affected. Each fix names the gap it closes; ``tests/test_bibliography_gaps.py`` shows each
one. The classes are split by CSL concern, each module listing its gaps:

- :mod:`.loading`: the style, its locales, the XPath cache and the element-class lookup;
- :mod:`.names`: cs:names, cs:name, cs:name-part;
- :mod:`.dates`: cs:date, cs:date-part;
- :mod:`.numbers`: cs:number, cs:label, number ranges, page-range formats, ordinals;
- :mod:`.groups`: cs:group, cs:text (macros), cs:substitute, cs:if/cs:else-if;
- :mod:`.layout`: cs:layout, cs:sort;
- :mod:`.formatting`: formatting markers, display and text-case, shared by all;
- :mod:`.state`: the per-entry render state (call frames, suppressed variables).

The source side (:mod:`..source`) handles ids, unknown variables and CSL-JSON markup; year
suffixes and the final clean-up of each entry are in :mod:`..engine`.
"""

from __future__ import annotations

from citeproc.source import VariableError

CSL_NS = "http://purl.org/net/xbiblio/csl"
NAME_PARTS = ("family", "given", "dropping-particle", "non-dropping-particle", "suffix")

# What citeproc-py raises on data it cannot handle; anything else is a bug to surface.
CITEPROC_ERRORS = (
    AssertionError,
    AttributeError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
    VariableError,
)
