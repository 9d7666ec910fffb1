"""Series segments: stretches of a national series that can be compared month to month.

A segment ends where the data changed in a way that makes the months either side
not comparable (data/raw/README.md, "Published layouts"). Charts never join points across segments, and
the first-published and revised Assuring Transformation totals are separate series.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """From `start` (a month end) until the next segment, rows of `dataset` belong to `label`."""

    dataset: str
    start: dt.date
    label: str
    reason: str


EARLIEST = dt.date(1900, 1, 31)
SEGMENTS = [
    Segment(
        "AT",
        EARLIEST,
        "to Mar 2024",
        "Assuring Transformation counts as collected before version 4.0 of the collection (April 2024)",
    ),
    Segment(
        "AT",
        dt.date(2024, 4, 30),
        "AT v4.0",
        "version 4.0 of the Assuring Transformation collection changed its breakdowns from 2 April 2024",
    ),
    Segment(
        "AT",
        dt.date(2024, 11, 30),
        "S17 exclusion",
        "section 17 extended-leave patients left out of counts from 30 November 2024",
    ),
    Segment(
        "MHSDS-LDA",
        EARLIEST,
        "MHSDS v4.1",
        "learning disability data from version 4.1 of the Mental Health Services Data Set, before October 2021",
    ),
    Segment(
        "MHSDS-LDA",
        dt.date(2021, 10, 31),
        "MHSDS v5",
        "learning disability data moved to version 5 of the Mental Health Services Data Set; fewer providers sent restraint data",
    ),
    Segment(
        "MHSDS-LDA",
        dt.date(2022, 8, 31),
        "cyber incident",
        "national breakdowns left out after the cyber incident (Aug 2022 to Mar 2023)",
    ),
    Segment("MHSDS-LDA", dt.date(2023, 4, 30), "after cyber incident", "national breakdowns published again"),
    Segment(
        "MHSDS-RI",
        EARLIEST,
        "MHSDS v4.1",
        "restrictive interventions from version 4.1 of the Mental Health Services Data Set, before October 2021",
    ),
    Segment(
        "MHSDS-RI",
        dt.date(2021, 10, 31),
        "MHSDS v5 (old method)",
        "version 5 of the Mental Health Services Data Set, counted the old way",
    ),
    Segment(
        "MHSDS-RI",
        dt.date(2022, 7, 31),
        "new RI method",
        "restrictive interventions counted a new way from July 2022",
    ),
    Segment(
        "MHSDS-RI-NEW",
        EARLIEST,
        "MHSDS v4.1",
        "the new restrictive intervention measures before version 5 of the Mental Health Services Data Set",
    ),
    Segment(
        "MHSDS-RI-NEW",
        dt.date(2021, 10, 31),
        "MHSDS v5 (old method)",
        "version 5 of the Mental Health Services Data Set, counted the old way",
    ),
    Segment(
        "MHSDS-RI-NEW",
        dt.date(2022, 7, 31),
        "new RI method",
        "restrictive interventions counted a new way from July 2022",
    ),
    Segment("SEND", EARLIEST, "2016 framework", "local area SEND inspections, 2016 framework"),
    Segment("SEND", dt.date(2023, 1, 31), "2023 framework", "new local area SEND inspection framework"),
]
#: Break months worth marking on charts, by dataset.
BREAKS = {d: [s for s in SEGMENTS if s.dataset == d and s.start != EARLIEST] for d in {s.dataset for s in SEGMENTS}}
REVISED_SUFFIX = "_revised"


def series_id(dataset: str, measure: str, period_end: dt.date) -> str:
    """The segment a value belongs to, e.g. 'MHSDS-LDA: MHSDS v5' or 'AT revised: to Mar 2024'."""
    label = dataset
    for segment in SEGMENTS:
        if segment.dataset == dataset and segment.start <= period_end:
            label = f"{dataset}: {segment.label}"
    if dataset == "AT":
        kind = "revised" if measure.endswith(REVISED_SUFFIX) else "first published"
        label = label.replace("AT:", f"AT {kind}:", 1)
    return label
