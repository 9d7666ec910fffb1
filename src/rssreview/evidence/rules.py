"""The report's rating rule, held as code, and which evidence a cycle's rating may rest on.

CQC's stated method: no evidence of a positive impact on the outcomes people experience
means "not achieved"; some impact means "partly achieved". CQC states no step for
"achieved": this project completes the scale with clear impact means "achieved", and
says so wherever the rule is shown (RULE_ORIGIN).

What counts for a cycle: every evidence item from that cycle and the cycles before it
(evidence accumulates), unless a row of superseded.csv retires it, and only items dated
on or before the cycle's publication. A source that only reports the rating the report
gave (kind "published rating") never counts as impact: a restatement of a verdict is not
evidence for it. Items dated after the report are later commentary, shown apart, whatever
their kind: a summary published after the report is later commentary even when it restates
the rating. A rating whose only support is such a summary is "as reported later", never
"as published", so no page implies the report's own date backs it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from rssreview.evidence.vocabulary import IMPACTS, PUBLISHED_RATING

STATUS_FOR_IMPACT = {"none seen": "not achieved", "some": "partly achieved", "clear": "achieved"}
#: Where each step of the rule comes from.
RULE_ORIGIN = {
    "none seen": "CQC's stated rule",
    "some": "CQC's stated rule",
    "clear": "this project's extension (CQC states no step for achieved)",
}

#: The role an item plays for a cycle's rating.
BASIS, PUBLISHED, LATER = "basis", "published", "later"
#: How a rating is supported: by the rule, as the report published it (restated by a source dated by the
#: report's day), as reported later (restated only by later commentary), or by a stated override.
BY_RULE, AS_PUBLISHED, AS_REPORTED_LATER, BY_OVERRIDE, NOT_RATED, UNSUPPORTED = (
    "rule",
    "as published",
    "as reported later",
    "override",
    "not rated",
    "unsupported",
)


def strongest_impact(impacts: Iterable[str]) -> str:
    """The strongest impact among evidence items; no items counts as none seen."""
    ranked = [IMPACTS.index(i) for i in impacts]
    return IMPACTS[max(ranked)] if ranked else IMPACTS[0]


def expected_status(impacts: Iterable[str]) -> str:
    """The status the rule gives for the impacts of the items that count."""
    return STATUS_FOR_IMPACT[strongest_impact(impacts)]


def cycle_chain(cycles: pd.DataFrame, cycle_id: str) -> list[str]:
    """This cycle and every cycle before it, oldest first, following previous_cycle."""
    previous = dict(zip(cycles["cycle_id"], cycles["previous_cycle"]))
    chain: list[str] = []
    seen: set[str] = set()
    current: str | None = cycle_id
    while current and current not in seen and current in previous:
        seen.add(current)
        chain.append(current)
        current = previous[current] or None
    return list(reversed(chain))


def after(evidence_date: str, publication_date: str) -> bool:
    """Whether an item is dated after a report: a month counts as within its publication month."""
    if len(evidence_date) == 7:
        return evidence_date > publication_date[:7]
    return evidence_date > publication_date


def held_evidence(
    evidence: pd.DataFrame, cycles: pd.DataFrame, superseded: pd.DataFrame, cycle_id: str
) -> pd.DataFrame:
    """Every item a cycle holds, with `carried` (from an earlier cycle) and `role` (basis, published, later)."""
    chain = cycle_chain(cycles, cycle_id)
    retired = set(superseded.loc[superseded["cycle_id"].isin(chain), "evidence_id"])
    rows = evidence[evidence["cycle_id"].isin(chain) & ~evidence["evidence_id"].isin(retired)].copy()
    published = str(cycles.set_index("cycle_id").loc[cycle_id, "publication_date"])
    rows["carried"] = rows["cycle_id"] != cycle_id
    late = rows["evidence_date"].map(lambda d: after(d, published))
    rows["role"] = BASIS
    rows.loc[rows["kind"] == PUBLISHED_RATING, "role"] = PUBLISHED
    rows.loc[late, "role"] = LATER
    return rows


def support(status: str, override_reason: str, items: pd.DataFrame) -> tuple[str, str]:
    """How one rating is supported by the items its cycle holds for it, and what the rule gives."""
    rule = expected_status(items.loc[items["role"] == BASIS, "impact"])
    if status == "not rated":
        return NOT_RATED, rule
    if status == rule:
        return BY_RULE, rule
    if (items["role"] == PUBLISHED).any():
        return AS_PUBLISHED, rule
    if ((items["role"] == LATER) & (items["kind"] == PUBLISHED_RATING)).any():
        return AS_REPORTED_LATER, rule
    if override_reason:
        return BY_OVERRIDE, rule
    return UNSUPPORTED, rule
