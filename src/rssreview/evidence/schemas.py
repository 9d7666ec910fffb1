"""Pandera schemas for every evidence table: columns, allowed words, formats, unique keys.

All columns are read as text, so a schema can say exactly what a cell should look like
("a date YYYY-MM-DD") and the message names the cell that does not.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandera.pandas as pa

from rssreview import inputs, urls
from rssreview.evidence import vocabulary as v

ISO_DATE = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
ISO_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
ISO_DATE_OR_MONTH = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"
URL = urls.URL.pattern  # the one URL rule for every table (rssreview.urls)
URLS = urls.URLS.pattern
REC_IDS = r"^[1-9]\d*( ; [1-9]\d*)*$"
THEME_IDS = r"^[a-z][a-z-]*( ; [a-z][a-z-]*)*$"


@dataclass(frozen=True)
class TableSpec:
    """A table's file name, its key and its pandera schema."""

    name: str
    key: tuple[str, ...]
    schema: pa.DataFrameSchema

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return list(self.schema.columns)

    @property
    def free_text(self) -> tuple[str, ...]:
        """The columns a person writes prose in, as the register of inputs declares them (`reader_text`):
        the privacy guard reads every one."""
        return inputs.entry(f"data/evidence/{self.file}").reader_text


def _text(required: bool = True) -> pa.Column:
    checks = [pa.Check.str_length(min_value=1, error="a value (this column is required)")] if required else []
    return pa.Column(str, checks=checks)


def _one_of(words: tuple[str, ...]) -> pa.Column:
    return pa.Column(str, pa.Check.isin(list(words), error="one of: " + ", ".join(words)))


def _pattern(regex: str, expected: str, required: bool = True) -> pa.Column:
    if not required:
        regex = f"(^$)|({regex})"
    return pa.Column(str, pa.Check.str_matches(regex, error=expected))


def _schema(columns: dict[str, pa.Column]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, strict=True, ordered=True, coerce=False)


CYCLE_ID = _pattern(ISO_MONTH, "a cycle id written YYYY-MM, e.g. 2022-03")
REC_ID = _pattern(r"^[1-9]\d*$", "a recommendation number (a whole number from 1)")

SPECS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "cycles",
            ("cycle_id",),
            _schema(
                {
                    "cycle_id": CYCLE_ID,
                    "title": _text(),
                    "publication_date": _pattern(ISO_DATE, "a date written YYYY-MM-DD"),
                    "data_month": _pattern(ISO_MONTH, "a month written YYYY-MM"),
                    "previous_cycle": _pattern(
                        ISO_MONTH, "blank, or the id of an earlier cycle (YYYY-MM)", required=False
                    ),
                    "source_url": _pattern(URL, urls.EXPECTED),
                }
            ),
        ),
        TableSpec(
            "themes",
            ("theme_id",),
            _schema(
                {
                    "theme_id": _pattern(r"^[a-z][a-z-]*$", "a lower-case id using letters and hyphens"),
                    "order": _pattern(r"^[1-9]\d*$", "a whole number from 1"),
                    "title": _text(),
                    "title_confidence": _one_of(v.CONFIDENCE),
                    "introduction": _text(),
                    "source_url": _pattern(
                        URLS, "web addresses separated by ' ; ', each " + urls.EXPECTED, required=False
                    ),
                }
            ),
        ),
        TableSpec(
            "recommendations",
            ("rec_id",),
            _schema(
                {
                    "rec_id": REC_ID,
                    "short_label": _text(),
                    "label_source": _one_of(v.LABEL_SOURCES),
                    "label_confidence": _one_of(v.CONFIDENCE),
                    "topic": _text(),
                    "full_implementation": _text(),
                    "lead_organisations": _text(),
                    "lead_confidence": _one_of(v.CONFIDENCE),
                    "theme_id": _text(),
                    "theme_confidence": _one_of(v.CONFIDENCE),
                    "source_urls": _pattern(URLS, "web addresses separated by ' ; ', each " + urls.EXPECTED),
                    "note": _text(required=False),
                }
            ),
        ),
        TableSpec(
            "ratings",
            ("cycle_id", "rec_id"),
            _schema(
                {
                    "cycle_id": CYCLE_ID,
                    "rec_id": REC_ID,
                    "status": _one_of(v.STATUSES),
                    "status_confidence": _one_of(v.CONFIDENCE),
                    "reason": _text(),
                    "sources": _pattern(URLS, "web addresses separated by ' ; ', each " + urls.EXPECTED),
                    "override_reason": _text(required=False),
                    "review_state": _one_of(v.REVIEW_STATES),
                }
            ),
        ),
        TableSpec(
            "evidence",
            ("evidence_id",),
            _schema(
                {
                    "evidence_id": _pattern(r"^E\d{3,}$", "an id like E001"),
                    "cycle_id": CYCLE_ID,
                    "rec_id": REC_ID,
                    "kind": _one_of(v.KINDS),
                    "summary": _text(),
                    "impact": _one_of(v.IMPACTS),
                    "evidence_date": _pattern(ISO_DATE_OR_MONTH, "a date written YYYY-MM-DD or YYYY-MM"),
                    "source_url": _pattern(URL, urls.EXPECTED),
                    "confidence": _one_of(v.CONFIDENCE),
                }
            ),
        ),
        TableSpec(
            "pseudonyms",
            ("pseudonym",),
            _schema(
                {
                    "pseudonym": _text(),
                    "source_url": _pattern(URL, urls.EXPECTED),
                    "note": _text(required=False),
                }
            ),
        ),
    )
}

#: Tables a folder may leave out (a test fixture, a project that has not written them yet): read as empty.
OPTIONAL = {
    "public_figures": TableSpec(
        "public_figures",
        ("name",),
        _schema(
            {
                "name": _text(),
                "role": _text(),
                "source_url": _pattern(URL, urls.EXPECTED),
            }
        ),
    ),
    "superseded": TableSpec(
        "superseded",
        ("evidence_id", "cycle_id"),
        _schema(
            {
                "evidence_id": _pattern(r"^E\d{3,}$", "an id like E001"),
                "cycle_id": CYCLE_ID,
                "reason": _text(),
            }
        ),
    ),
    "key_messages": TableSpec(
        "key_messages",
        ("cycle_id", "order"),
        _schema(
            {
                "cycle_id": CYCLE_ID,
                "order": _pattern(r"^[1-9]\d*$", "a whole number from 1"),
                "section": _one_of(v.MESSAGE_SECTIONS),
                "message": _text(),
                "themes": _pattern(THEME_IDS, "theme ids separated by ' ; ', or blank", required=False),
                "recommendations": _pattern(
                    REC_IDS, "recommendation numbers separated by ' ; ', or blank", required=False
                ),
                "source_urls": _pattern(URLS, "web addresses separated by ' ; '"),
                "confidence": _one_of(v.CONFIDENCE),
            }
        ),
    ),
    "glossary": TableSpec(
        "glossary",
        ("term",),
        _schema(
            {
                "term": _text(),
                "abbreviation": _pattern(
                    r"^[A-Za-z()&\-]{2,}$", "an abbreviation such as DHSC, or blank", required=False
                ),
                "definition": _text(),
                "source_url": _pattern(URL, "a web address starting http:// or https://"),
            }
        ),
    ),
}
