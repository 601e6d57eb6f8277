"""What the readers share, and the grammars of formats too big for their reader module: the
grammars of a citation's parts, not formats of their own. Names and dates every reader reads
with ``citekit.names`` and ``citekit.dates``.

Pasted citations (``wiki``, ``pubmed``):

- ``markdown``: a Markdown/HTML body reduced to classified lines (text, links, kind);
- ``nlm``: PubMed's source line (NLM *Citing Medicine*) and its identifiers;
- ``publishers``: publishers' own citation lines (MDPI, Frontiers, ScienceDirect, …);
- ``loose``: journal lines in free form (``Allergy 2012; 68:220–228``);
- ``sources``: which lines of a page are source lines, and what each says;
- ``study``: one cited study's parts before it becomes a record;
- ``layout``: where title, authors and abstract sit around a source line;
- ``identifiers``: the DOIs, PMIDs and PMCIDs on a line, and those no study took;
- ``anchors``: citations found by their DOI/PMID;
- ``references``: pasted reference lists, and one entry read whole.

Tagged formats:

- ``ebscofields`` and ``ebscosource``: EBSCO's record layout and labels, and its Source field;
- ``tex``, ``bibfields`` and ``bibvalues``: TeX values as CSL text, the BibTeX/BibLaTeX data
  model, and BibTeX's values (macros, concatenation, inheritance);
- ``risfields`` and ``ristags``: RIS's values (types, ``SN``) and what each tag means.
"""
