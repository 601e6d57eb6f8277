"""What the readers of pasted citations share (``wiki``, ``pubmed``, and ``ebsco``/``medline``
for names): the grammars of a citation's parts, not formats of their own.

- ``markdown``: a Markdown/HTML body reduced to classified lines (text, links, kind);
- ``nlm``: PubMed's source line (NLM *Citing Medicine*), dates, identifiers;
- ``publishers``: publishers' own citation lines (MDPI, Frontiers, ScienceDirect, …);
- ``loose``: journal lines in free form (``Allergy 2012; 68:220–228``);
- ``authors``: author lines and publishers' by-lines;
- ``layout``: where title, authors and abstract sit around a source line;
- ``anchors``: citations found by their DOI/PMID, and pasted reference lists;
- ``dates``: ISO 8601/EDTF and BibTeX year/month dates (library formats);
- ``tex`` and ``bibfields``: TeX values as CSL text, and the BibTeX/BibLaTeX data model.
"""
