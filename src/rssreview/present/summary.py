"""The summary of findings: counts and lists by status, and what changed since the last report."""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.display import Markdown

from rssreview.evidence import progress
from rssreview.evidence.load import EvidenceTables
from rssreview.evidence.vocabulary import CONFIDENCE
from rssreview.present import theme, words
from rssreview.present.display import ChartOutput, export_chart, show_table
from rssreview.present.status import badge, confidence_note

ORIGINAL = "*Out of sight – who cares?* (October 2020)"


def _rec_list(recs: list[int]) -> str:
    return words.join_and([str(r) for r in recs])


def headline(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """The opening finding: how many recommendations are at each status."""
    cycle = tables.cycle(cycle_id)
    total = len(tables.recommendations)
    published = words.long_date(cycle["publication_date"])
    if not progress.is_rated(tables, cycle_id):
        return Markdown(
            f"The report *{words.md(cycle['title'])}*, published on {published}, looked at progress on the {total} "
            f"recommendations of {ORIGINAL}. As far as we know it did not rate each recommendation as achieved, "
            f"partly achieved or not achieved, so this edition shows every recommendation as "
            f"{badge('not rated')}."
        )
    counts = progress.status_counts(tables, cycle_id).set_index("status")["count"]
    parts = [f"**{words.count_words(int(counts[s]))}** {s}" for s in ("achieved", "partly achieved", "not achieved")]
    achieved = int(counts["achieved"])
    lead = ("None of them has been achieved." if achieved == 0
            else f"{words.sentence_case(words.count_words(achieved))} {words.plural(achieved, 'has', 'have')} "
                 f"been achieved.")
    return Markdown(
        f"The report *{words.md(cycle['title'])}*, published on {published}, rated progress on the {total} recommendations "
        f"of {ORIGINAL}. {lead} Of the {total}: {words.join_and(parts)}.\n\n"
        f"Each rating rests on evidence about the period up to {published}, and on national data up to "
        f"{words.long_date(cycle['data_month'])}."
    )


def status_lists(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """For each status in use, the recommendations that have it, with their labels and certainty."""
    ratings = progress.ratings_for(tables, cycle_id)
    blocks = []
    for row in progress.status_counts(tables, cycle_id).itertuples():
        if row.count == 0:
            continue
        heading = (f"We consider {words.count_words(row.count)} "
                   f"{words.plural(row.count, 'recommendation has', 'recommendations have')} "
                   f"the status {badge(row.status)} (recommendations {_rec_list(row.recommendations)}):")
        items = []
        for rec in ratings[ratings["status"] == row.status].itertuples():
            label = words.label_text(rec.short_label, rec.label_source)
            label_note = " *(the report's own wording is not known)*" if rec.label_source == "secondary" else ""
            items.append(f"- Recommendation {rec.rec_id}: {label}{label_note}{confidence_note(rec.status_confidence)}")
        blocks.append(heading + "\n\n" + "\n".join(items))
    return Markdown("\n\n".join(blocks))


def uncertainty_note(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """Which ratings rest on inference rather than a direct statement, said plainly."""
    ratings = progress.ratings_for(tables, cycle_id)
    unsure = ratings[ratings["status_confidence"] != "confirmed"]
    if unsure.empty:
        return Markdown("Every rating in this edition is stated directly in the published report.")
    recs = _rec_list(unsure["rec_id"].tolist())
    return Markdown(
        f"**How certain these ratings are.** The ratings of recommendations {recs} are not stated one by one in the "
        f"sources we hold: we worked them out from what the sources do say (see the chapter on how we reached our "
        f"conclusions). They are marked as inferred or uncertain wherever they appear."
    )


def counts_table(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """Counts by status as a table, with a CSV to download."""
    counts = progress.status_counts(tables, cycle_id)
    frame = pd.DataFrame({
        "Status": [s.capitalize() for s in counts["status"]],
        "Number of recommendations": counts["count"],
        "Recommendations": [", ".join(map(str, r)) or "–" for r in counts["recommendations"]],
    })
    return show_table(frame, name=f"status-counts-{cycle_id}", cycle_id=cycle_id)


def counts_chart(tables: EvidenceTables, cycle_id: str) -> ChartOutput:
    """Recommendations by status from zero, each bar split by how certain its ratings are and labelled directly.

    Each status and its count sit above its bar and the certainty split below it, not beside
    it, so the chart keeps its shape from a phone to a desktop; the colour key names the
    certainty words.
    """
    ratings = progress.ratings_for(tables, cycle_id)
    rows = []
    for status in progress.status_counts(tables, cycle_id)["status"]:
        chosen = ratings[ratings["status"] == status]
        marks = [(c, chosen[chosen["status_confidence"] == c]) for c in CONFIDENCE]
        split = ", ".join(f"{len(r)} {c}" for c, r in marks if len(r))
        rows += [{"Status": status.capitalize(), "Certainty": c, "Number of recommendations": len(r),
                  "Recommendations": ", ".join(map(str, r["rec_id"])) or "–",
                  "Label": f"{status.capitalize()}: {len(chosen)}", "Split": split}
                 for c, r in marks if len(r) or c == CONFIDENCE[0]]
    data = pd.DataFrame(rows)
    used = [c for c in CONFIDENCE if data.loc[data["Certainty"] == c, "Number of recommendations"].sum()]
    total = len(ratings)
    base = alt.Chart(data).encode(y=alt.Y("Label:N", sort=None, axis=None))
    bars = base.mark_bar(size=20, stroke="#FFFFFF", strokeWidth=1).encode(
        x=alt.X("sum(Number of recommendations):Q", title="Recommendations (count)",
                scale=alt.Scale(domain=[0, total], nice=False), axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("Certainty:N", sort=list(CONFIDENCE), title="How certain the rating is",
                        scale=alt.Scale(domain=used, range=[theme.CERTAINTY_COLOURS[c] for c in used]),
                        legend=alt.Legend(orient="bottom", direction="vertical", titleLimit=0)),
        order=alt.Order("Order:Q"),
        tooltip=["Status:N", "Certainty:N", "Number of recommendations:Q", "Recommendations:N"],
    ).transform_calculate(Order=f"indexof({list(CONFIDENCE)!r}, datum.Certainty)")
    labels = alt.Chart(data.drop_duplicates("Label")).encode(y=alt.Y("Label:N", sort=None, axis=None), x=alt.datum(0))
    names = labels.mark_text(align="left", baseline="bottom", dy=-13, fontWeight="bold").encode(text="Label:N")
    splits = labels.mark_text(align="left", baseline="top", dy=13).encode(text="Split:N")
    chart = theme.responsive(alt.layer(bars, names, splits).properties(
        height={"step": 72},
        title=alt.Title(["Recommendations by status", words.long_date(tables.cycle(cycle_id)["publication_date"])])))
    described = data.drop_duplicates("Label").apply(
        lambda r: r["Label"].lower() + (f" ({r['Split']})" if r["Split"] else ""), axis=1)
    alt_text = (f"Bar chart of the {total} recommendations by status, with how certain each rating is: "
                + "; ".join(described) + ".")
    table = data.drop(columns=["Label", "Split"])
    # Not "status-counts-<cycle>": that is the counts table's CSV, and the chart's own CSV carries the certainty.
    return theme.with_fixed_inline_spec(
        export_chart(chart, name=f"status-chart-{cycle_id}", alt_text=alt_text, data=table, cycle_id=cycle_id))


def changes_since_previous(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """What changed since the previous report, in words."""
    previous_id = tables.previous_cycle(cycle_id)
    if previous_id is None:
        return Markdown("This is the first progress report in the series, so there is no earlier rating to compare.")
    previous = tables.cycle(previous_id)
    title = f"*{words.md(previous['title'])}* ({words.long_date(previous['publication_date'])})"
    diff = progress.changes(tables, cycle_id)
    new_items = len(progress.evidence_for(tables, cycle_id))
    evidence_line = (f"This edition draws on {new_items:,} {words.plural(new_items, 'item')} of evidence, "
                     f"listed by theme in the chapters that follow.")
    if not progress.is_rated(tables, previous_id):
        return Markdown(
            f"The previous report, {title}, did not rate each recommendation as far as we know, so no rating can "
            f"go up or down. Every recommendation is rated for the first time in this edition. {evidence_line}")
    changed = diff[diff["changed"]]
    if changed.empty:
        return Markdown(f"No rating has changed since {title}. {evidence_line}")
    lines = [f"- Recommendation {r.rec_id}: from {badge(r.previous_status)} to {badge(r.status)}"
             for r in changed.itertuples()]
    n = len(changed)
    return Markdown(f"Since {title}, {words.count_words(n)} {words.plural(n, 'rating has', 'ratings have')} "
                    f"changed:\n\n" + "\n".join(lines) + f"\n\n{evidence_line}")
