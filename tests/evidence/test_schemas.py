"""Free-text columns are declared once, in the schemas, and the privacy guard reads exactly those."""

from rssreview import checks
from rssreview.evidence.schemas import SPECS


def test_the_privacy_guard_reads_the_columns_the_schemas_declare_as_prose():
    assert checks.TEXT_COLUMNS == {name: spec.free_text for name, spec in SPECS.items() if spec.free_text}
    assert "summary" in SPECS["evidence"].free_text
    assert {"reason", "override_reason"} <= set(SPECS["ratings"].free_text)


def test_ids_addresses_and_vocabulary_are_not_prose():
    for spec in SPECS.values():
        for column in spec.free_text:
            assert not column.endswith(("_id", "_url", "_urls", "confidence", "sources")), (spec.name, column)
