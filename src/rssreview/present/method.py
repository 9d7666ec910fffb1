"""How we reached our conclusions: the rule, and what the evidence base holds."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from rssreview.evidence import progress, rules
from rssreview.evidence.load import EvidenceTables
from rssreview.evidence.rules import RULE_ORIGIN, STATUS_FOR_IMPACT
from rssreview.evidence.vocabulary import CONFIDENCE, IMPACTS, KINDS, PUBLISHED_RATING
from rssreview.present import status, summary, tidy, words
from rssreview.present.display import DataFile, show_table


def rule_table(cycle_id: str) -> Markdown:
    """The rating rule as a table, generated from the rule the validation enforces, with where each step comes from."""
    frame = pd.DataFrame(
        {
            "Strongest effect on people's lives shown by the evidence": [i.capitalize() for i in IMPACTS],
            "Rating": [STATUS_FOR_IMPACT[i].capitalize() for i in IMPACTS],
            "Where this step comes from": [words.sentence_case(RULE_ORIGIN[i]) for i in IMPACTS],
        }
    )
    download = DataFile("rating-rule", tidy.rating_rule())
    return show_table(frame, download=download, cycle_id=cycle_id)


def rule_text(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """What counts towards the rule, and what happens when a rating rests only on the published verdict."""
    return Markdown(
        "The report says how it decided: no evidence of a positive effect on the outcomes people experience means "
        "not achieved, and some effect means partly achieved. It states no step for achieved; the last row of the "
        "table is our own extension, so that every strength of evidence gives a rating.\n\n"
        "Evidence builds up from one report to the next: a rating is checked against every item held for this report "
        "and for the reports before it, unless a newer item replaces an older one. Three kinds of item never count "
        "towards the rule. Sources that only repeat the rating the report gave are not evidence of what changed for "
        "people. Items published after the report are shown as later commentary. Items a newer one replaces are "
        "retired, and listed below with the reason.\n\n"
        "Where the only support for a rating is a source that repeats the verdict, the recommendation's section "
        f'says so: "{status.SUPPORT_WORDS[rules.AS_PUBLISHED]}" when the source is dated by the report\'s day, and '
        f'"{status.SUPPORT_WORDS[rules.AS_REPORTED_LATER]}" when every such source came out after it. '
        "Where a reviewer keeps a rating the rule would not give, the section prints the reviewer's reason."
        + (f"\n\n{balance}" if (balance := summary.evidence_balance(tables, cycle_id)) else "")
    )


def evidence_base(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """How many evidence items of each kind and certainty this report holds, new and carried forward together."""
    items = progress.evidence_for(tables, cycle_id)
    table = pd.crosstab(
        pd.Categorical(items["kind"], categories=KINDS),
        pd.Categorical(items["confidence"], categories=CONFIDENCE),
        dropna=False,
    )
    frame = pd.DataFrame({"Kind of evidence": [k.capitalize() for k in KINDS]})
    for level in CONFIDENCE:
        frame[level.capitalize()] = table[level].to_numpy()
    frame["Total"] = frame[[c.capitalize() for c in CONFIDENCE]].sum(axis=1)
    return show_table(
        frame, download=DataFile("evidence-base", tidy.evidence_base(tables, cycle_id)), cycle_id=cycle_id
    )


def evidence_base_summary(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """The evidence base in words: how much, how sure, and what does not count towards the rule."""
    items = progress.evidence_for(tables, cycle_id)
    sources = items["source_url"].map(words.source_name).nunique()
    confirmed = int((items["confidence"] == "confirmed").sum())
    carried = int(items["carried"].sum())
    published = int((items["kind"] == PUBLISHED_RATING).sum())
    later = int((items["role"] == rules.LATER).sum())
    return Markdown(
        f"This report holds {len(items):,} items of evidence from {sources:,} different websites: "
        f"{len(items) - carried:,} new and {carried:,} carried forward from earlier reports. "
        f"{words.sentence_case(words.count_words(confirmed))} of them are stated directly in a source (confirmed); "
        f"the rest are inferred or uncertain, and each carries its mark where it appears. "
        f"{words.sentence_case(words.count_words(published))} only report the published rating and "
        f"{words.count_words(later)} were published after the report (some items are both); neither kind counts "
        "towards the rule."
    )


def retired_items(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """Items carried forward no longer, each with the reason given for retiring it."""
    rows = progress.superseded_in(tables, cycle_id)
    if rows.empty:
        return Markdown("No earlier item of evidence has been retired for this report.")
    lines = [
        f"- Recommendation {int(r.rec_id)}: {words.md(r.summary)} *Retired because:* {words.md(r.reason)}"
        for r in rows.itertuples()
    ]
    return Markdown("Items retired for this report, with the reason:\n\n" + "\n".join(lines))
