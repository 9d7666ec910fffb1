"""The report's rating rule, held as code.

CQC's method: no evidence of a positive impact on the outcomes people experience
means "not achieved"; some impact means "partly achieved". We complete the scale:
clear impact means "achieved". A rating that disagrees with its evidence must say why
in `override_reason`, or validation fails.
"""

from __future__ import annotations

from collections.abc import Iterable

from rssreview.evidence.vocabulary import IMPACTS

STATUS_FOR_IMPACT = {"none seen": "not achieved", "some": "partly achieved", "clear": "achieved"}


def strongest_impact(impacts: Iterable[str]) -> str:
    """The strongest impact among evidence items; no items counts as none seen."""
    ranked = [IMPACTS.index(i) for i in impacts]
    return IMPACTS[max(ranked)] if ranked else IMPACTS[0]


def expected_status(impacts: Iterable[str]) -> str:
    """The status the rule gives for a recommendation's evidence in one cycle."""
    return STATUS_FOR_IMPACT[strongest_impact(impacts)]
