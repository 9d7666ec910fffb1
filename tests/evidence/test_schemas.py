"""Free-text columns are declared once, in the register of inputs, and the schemas and the privacy guard read them."""

from pathlib import Path

from rssreview import checks, evidence
from rssreview.evidence.schemas import OPTIONAL, SPECS


def test_the_privacy_guard_reads_the_columns_the_schemas_declare_as_prose():
    every = {**SPECS, **OPTIONAL}
    evidence_columns = {
        k.removeprefix("data/evidence/").removesuffix(".csv"): v for k, v in checks.TEXT_COLUMNS.items()
    }
    assert {k: v for k, v in evidence_columns.items() if k in every} == {
        name: spec.free_text for name, spec in every.items() if spec.free_text
    }
    assert "summary" in SPECS["evidence"].free_text
    assert {"reason", "override_reason"} <= set(SPECS["ratings"].free_text)
    # Optional tables are guarded too: a table a folder may leave out is still checked when it is there.
    assert checks.TEXT_COLUMNS["data/evidence/key_messages.csv"] == ("message",)
    assert set(checks.TEXT_COLUMNS["data/evidence/glossary.csv"]) == {"term", "definition"}
    # And every other registered table with reader text: the national figures' notes and reasons, the measures' names.
    assert checks.TEXT_COLUMNS["data/national/national_figures.csv"] == ("note", "reason")
    assert "name" in checks.TEXT_COLUMNS["data/national/measures.csv"]


def test_a_name_in_an_optional_table_is_found(tables_dir: Path):
    (tables_dir / "key_messages.csv").write_text(
        "cycle_id,order,section,message,themes,recommendations,source_urls,confidence\n"
        "2022-03,1,finding,Sarah Jones was restrained too often.,rights,1,https://www.cqc.org.uk/example,confirmed\n",
        encoding="utf-8",
    )
    findings = checks.privacy_findings(evidence.load(tables_dir), tables_dir)
    assert [(f.file.endswith("key_messages.csv"), f.row, f.column) for f in findings] == [(True, 2, "message")]


def test_ids_addresses_and_vocabulary_are_not_prose():
    for spec in {**SPECS, **OPTIONAL}.values():
        for column in spec.free_text:
            assert not column.endswith(("_id", "_url", "_urls", "confidence", "sources")), (spec.name, column)
