"""How we reached our conclusions: the rule, and what the evidence base holds."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from rssreview.evidence import progress
from rssreview.evidence.load import EvidenceTables
from rssreview.evidence.rules import STATUS_FOR_IMPACT
from rssreview.evidence.vocabulary import CONFIDENCE, IMPACTS, KINDS
from rssreview.present import words
from rssreview.present.display import show_table


def rule_table(cycle_id: str) -> Markdown:
    """The rating rule as a table, generated from the rule the validation enforces."""
    frame = pd.DataFrame({
        "Strongest impact on people's outcomes in the evidence": [i.capitalize() for i in IMPACTS],
        "Rating": [STATUS_FOR_IMPACT[i].capitalize() for i in IMPACTS],
    })
    return show_table(frame, name="rating-rule", cycle_id=cycle_id)


def evidence_base(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """How many evidence items of each kind and certainty this edition draws on."""
    items = progress.evidence_for(tables, cycle_id)
    table = pd.crosstab(pd.Categorical(items["kind"], categories=KINDS),
                        pd.Categorical(items["confidence"], categories=CONFIDENCE), dropna=False)
    frame = pd.DataFrame({"Kind of evidence": [k.capitalize() for k in KINDS]})
    for level in CONFIDENCE:
        frame[level.capitalize()] = table[level].to_numpy()
    frame["Total"] = frame[[c.capitalize() for c in CONFIDENCE]].sum(axis=1)
    return show_table(frame, name=f"evidence-base-{cycle_id}", cycle_id=cycle_id)


def evidence_base_summary(tables: EvidenceTables, cycle_id: str) -> Markdown:
    items = progress.evidence_for(tables, cycle_id)
    sources = items["source_url"].map(words.source_name).nunique()
    confirmed = int((items["confidence"] == "confirmed").sum())
    return Markdown(
        f"For this edition we hold {len(items):,} items of evidence from {sources:,} different websites. "
        f"{words.sentence_case(words.count_words(confirmed))} of them are stated directly in a source; the rest are "
        f"our inference from the sources or are uncertain, and each is marked as such where it appears.")
