"""Record defaults: a record built without a field has it empty, and no two records share one.

The empty defaults are factories (``citekit/record.py``, for speed); what a reader sees must
be what CSL-JSON says of an absent variable: no names, no places, nothing written.
"""

from __future__ import annotations

from citekit._csl_fields import NAME_VARIABLES
from citekit.record import Custom, Record


def test_every_name_variable_is_an_empty_list_when_absent() -> None:
    record = Record.from_csl({"type": "book", "title": "T"})
    for key in NAME_VARIABLES:
        assert getattr(record, key.replace("-", "_")) == [], key
    # CSL-JSON leaves absent variables out (the schema's items have no empty lists).
    assert record.csl() == {"type": "book", "title": "T"}


def test_no_two_records_share_an_empty_default() -> None:
    first, second = Record(), Record()
    assert first.author is not second.author
    assert first.custom is not second.custom
    assert first.custom.found_on is not second.custom.found_on
    assert first.custom == second.custom == Custom()


def test_model_copy_keeps_the_copied_values() -> None:
    record = Record.from_csl({"author": [{"family": "Liang"}], "custom": {"pdf": ["a.pdf"]}})
    copied = record.model_copy(update={"id": "liang"})
    assert copied.author == record.author and copied.custom.pdf == ["a.pdf"]
