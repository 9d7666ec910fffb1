"""Progress computed from the tables: ratings by cycle, counts by status, changes between cycles."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from rssreview.evidence import rules
from rssreview.evidence.load import EvidenceTables
from rssreview.evidence.memo import memo
from rssreview.evidence.vocabulary import STATUSES

RATING_COLUMNS = [
    "rec_id",
    "short_label",
    "label_source",
    "label_confidence",
    "theme_id",
    "theme_confidence",
    "status",
    "status_confidence",
    "reason",
    "sources",
    "override_reason",
    "review_state",
]


def _memo(tables: EvidenceTables, key: tuple, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The frame computed once per set of tables (evidence.memo); each caller gets a copy it may change."""
    return memo(tables, ("progress", *key), compute).copy()


def ratings_for(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
    """One row per recommendation: its label and theme with the cycle's rating."""

    def compute() -> pd.DataFrame:
        ratings = tables.ratings[tables.ratings["cycle_id"] == cycle_id]
        merged = tables.recommendations.merge(ratings, on="rec_id", how="left", validate="one_to_one")
        return merged[RATING_COLUMNS].sort_values("rec_id").reset_index(drop=True)

    return _memo(tables, ("ratings", cycle_id), compute)


def status_counts(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
    """How many recommendations have each status, every status listed (zeros included)."""
    ratings = ratings_for(tables, cycle_id)
    rows = []
    for status in STATUSES:
        recs = ratings.loc[ratings["status"] == status, "rec_id"].tolist()
        rows.append({"status": status, "count": len(recs), "recommendations": recs})
    return pd.DataFrame(rows)


def is_rated(tables: EvidenceTables, cycle_id: str) -> bool:
    """Whether the cycle's report rated recommendations at all."""
    return bool((ratings_for(tables, cycle_id)["status"] != "not rated").any())


def changes(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
    """Each recommendation's status in the previous cycle and now, and whether it changed."""
    current = ratings_for(tables, cycle_id)[["rec_id", "short_label", "status"]]
    previous_id = tables.previous_cycle(cycle_id)
    if previous_id is None:
        current = current.assign(previous_status=pd.NA, changed=False)
        return current[["rec_id", "short_label", "previous_status", "status", "changed"]]
    previous = ratings_for(tables, previous_id)[["rec_id", "status"]].rename(columns={"status": "previous_status"})
    merged = current.merge(previous, on="rec_id", how="left", validate="one_to_one")
    merged["changed"] = merged["status"] != merged["previous_status"]
    return merged[["rec_id", "short_label", "previous_status", "status", "changed"]]


def evidence_for(tables: EvidenceTables, cycle_id: str, rec_id: int | None = None) -> pd.DataFrame:
    """Every item the cycle holds (its own and those carried forward, less any superseded), in a stable order.

    Two columns are added: `carried` (the item was first held for an earlier report) and `role`:
    `basis` (counts towards the rule), `published` (only reports the published rating) or `later`
    (dated after the report: later commentary, kept out of the rating basis).
    """
    rows = _memo(
        tables,
        ("held", cycle_id),
        lambda: rules.held_evidence(tables.evidence, tables.cycles, tables.superseded, cycle_id),
    )
    if rec_id is not None:
        rows = rows[rows["rec_id"] == rec_id]
    return rows.sort_values(["rec_id", "kind", "evidence_date", "evidence_id"]).reset_index(drop=True)


def support(tables: EvidenceTables, cycle_id: str, rec_id: int) -> tuple[str, str]:
    """How a rating is supported (rules.BY_RULE, AS_PUBLISHED, BY_OVERRIDE, NOT_RATED) and what the rule gives."""
    rating = ratings_for(tables, cycle_id).set_index("rec_id").loc[rec_id]
    return rules.support(rating["status"], rating["override_reason"], evidence_for(tables, cycle_id, rec_id))


def superseded_in(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
    """Items this cycle retires from the evidence it carries forward, with the reason."""
    rows = tables.superseded[tables.superseded["cycle_id"] == cycle_id]
    return rows.merge(tables.evidence[["evidence_id", "rec_id", "summary"]], on="evidence_id", how="left")


def drafts(tables: EvidenceTables, cycle_id: str) -> list[int]:
    """Recommendations whose rating in this cycle is still a draft awaiting review."""
    ratings = ratings_for(tables, cycle_id)
    return ratings.loc[ratings["review_state"] == "draft", "rec_id"].tolist()
