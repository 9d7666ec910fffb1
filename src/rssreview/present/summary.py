"""The summary of findings: counts and lists by status, and what changed since the last report."""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.display import Markdown

from rssreview.evidence import progress, rules
from rssreview.evidence.load import EvidenceTables
from rssreview.evidence.vocabulary import CAVEAT, CONFIDENCE, FINDING, NEXT_STEP
from rssreview.present import status, theme, tidy, words
from rssreview.present.display import ChartOutput, DataFile, export_chart, show_table
from rssreview.present.status import badge, confidence_note

ORIGINAL = "*Out of sight – who cares?* (October 2020)"
CQC = "the Care Quality Commission (CQC)"


def _rec_list(recs: list[int]) -> str:
    return words.join_and([str(r) for r in recs])


def _dates(tables: EvidenceTables, cycle_id: str) -> str:
    """The dates a reader needs: when the report came out, how far the evidence and the figures run."""
    cycle = tables.cycle(cycle_id)
    return (
        f"**Dates.** The report was published on {words.long_date(cycle['publication_date'])}. The evidence "
        f"behind each rating here runs to that day; anything published later is shown apart, as later "
        f"commentary. The latest national figures held here for this report describe "
        f"{words.long_date(cycle['data_month'])}."
    )


def headline(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """The headline result with its certainty and the dates: what a reader should take away first."""
    cycle = tables.cycle(cycle_id)
    total = len(tables.recommendations)
    title = f"*{words.md(cycle['title'])}*"
    if not progress.is_rated(tables, cycle_id):
        text = (
            f"**Headline.** {words.sentence_case(CQC)} reviewed progress on the {total} recommendations of "
            f"{ORIGINAL} in {title}. As far as the sources show, that report did not rate each recommendation "
            f"as achieved, partly achieved or not achieved, so every recommendation is shown here as "
            f"{badge('not rated')}{confidence_note('uncertain')}."
        )
        return Markdown(text + "\n\n" + _dates(tables, cycle_id))
    ratings = progress.ratings_for(tables, cycle_id)
    counts = progress.status_counts(tables, cycle_id).set_index("status")["count"]
    achieved = int(counts["achieved"])
    verdict = "none" if achieved == 0 else words.count_words(achieved)
    parts = [f"**{int(counts[s])}** {s}" for s in ("achieved", "partly achieved", "not achieved") if int(counts[s])]
    unsure = ratings[(ratings["status_confidence"] != "confirmed") & (ratings["status"] != "not rated")]
    which = ""
    if not unsure.empty:
        which = (
            f" The sources held here do not state the ratings of recommendations "
            f"{status.marked_numbers(zip(unsure['rec_id'], unsure['status_confidence']))} one by one; "
            f"they are worked out from what the sources do say."
        )
    text = (
        f"**Headline.** In {title}, {CQC} found that {verdict} of the {total} recommendations of "
        f"{ORIGINAL} had been achieved. The report rated {words.join_and(parts)}.{which}"
    )
    return Markdown(text + "\n\n" + _dates(tables, cycle_id))


def _concerns(tables: EvidenceTables, row) -> str:
    """'Recommendations 1 and 2; chapters …': what a key message is about, in words."""
    parts = []
    recs = [r for r in row.recommendations.split(" ; ") if r]
    if recs:
        parts.append(f"{words.plural(len(recs), 'recommendation', 'recommendations')} {words.join_and(recs)}")
    themes = tables.themes.set_index("theme_id")["title"]
    names = [f"*{words.md(themes[t])}*" for t in row.themes.split(" ; ") if t]
    if names:
        parts.append(f"{words.plural(len(names), 'chapter', 'chapters')} {words.join_and(names)}")
    return ("About " + "; ".join(parts) + ". ") if parts else ""


def _messages(tables: EvidenceTables, cycle_id: str, section: str):
    """The cycle's rows of key_messages.csv in one section (findings, what happens next, caveats), in order."""
    messages = tables.key_messages
    return messages[(messages["cycle_id"] == cycle_id) & (messages["section"] == section)].sort_values("order")


def _sourced(row) -> str:
    return f"{words.md(row.message)}{confidence_note(row.confidence)} Sources: {words.source_links(row.source_urls)}."


def what_happens_next(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """Governance, who must act and when the next report is due, from key_messages.csv with sources.

    Whether a later report exists is the cycles table's to say: when one is held, it is named here
    whatever the report expected at the time.
    """
    rows = _messages(tables, cycle_id, NEXT_STEP)
    items = [f"- {_sourced(row)}" for row in rows.itertuples()]
    later = tables.cycles[tables.cycles["publication_date"] > tables.cycle(cycle_id)["publication_date"]]
    if not later.empty:
        first = later.sort_values("publication_date").iloc[0]
        items.append(
            f"- The next report held here is *{words.md(first['title'])}*, published on "
            f"{words.long_date(first['publication_date'])}."
        )
    if not items:
        return Markdown("No source held here says what happens after this report, or when the next one is due.")
    return Markdown("\n".join(items))


def evidence_balance(tables: EvidenceTables, cycle_id: str) -> str:
    """The caveats on how far the ratings reach (whose lives the evidence mostly describes), or ''."""
    rows = _messages(tables, cycle_id, CAVEAT)
    return " ".join(f"**Whose experience the ratings rest on.** {_sourced(row)}" for row in rows.itertuples())


def key_messages(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """The report's main messages for the cycle, in our words, each with its certainty and sources."""
    rows = _messages(tables, cycle_id, FINDING)
    if rows.empty:
        return Markdown("No key messages are held for this report yet.")
    items = [
        f"- {words.md(row.message)}{confidence_note(row.confidence)} "
        f"{_concerns(tables, row)}Sources: {words.source_links(row.source_urls)}."
        for row in rows.itertuples()
    ]
    text = "**What the report found.** In our own words:\n\n" + "\n".join(items)
    spelt = words.abbreviations_line(tables.glossary, headline(tables, cycle_id).data + text)
    return Markdown(text + (f"\n\n{spelt}" if spelt else ""))


def status_lists(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """For each status in use, the recommendations that have it, with their labels and certainty."""
    ratings = progress.ratings_for(tables, cycle_id)
    blocks = [status.legend()]
    for row in progress.status_counts(tables, cycle_id).itertuples():
        if row.count == 0:
            continue
        verb = "shows" if row.status == "not rated" else "rated"
        heading = (
            f"The report {verb} {words.count_words(row.count)} "
            f"{words.plural(row.count, 'recommendation', 'recommendations')} as {badge(row.status)} "
            f"(recommendations {_rec_list(row.recommendations)}):"
        )
        if row.status == "not rated":
            heading = (
                f"{words.sentence_case(words.count_words(row.count))} "
                f"{words.plural(row.count, 'recommendation is', 'recommendations are')} shown as "
                f"{badge(row.status)} (recommendations {_rec_list(row.recommendations)}):"
            )
        items = []
        for rec in ratings[ratings["status"] == row.status].itertuples():
            label = words.label_text(rec.short_label, rec.label_source)
            label_note = " *(the report's own wording is not known)*" if rec.label_source == "secondary" else ""
            items.append(
                f"- Recommendation {rec.rec_id}: {label}{label_note} — certainty of the rating: "
                f"*{status.mark(rec.status_confidence)}*"
            )
        blocks.append(heading + "\n\n" + "\n".join(items))
    return Markdown("\n\n".join(blocks))


def uncertainty_note(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """Which ratings rest on inference rather than a direct statement, said plainly."""
    ratings = progress.ratings_for(tables, cycle_id)
    unsure = ratings[ratings["status_confidence"] != "confirmed"]
    if unsure.empty:
        return Markdown("Every rating in this edition is stated directly in the published report.")
    recs = _rec_list(unsure["rec_id"].tolist())
    if not progress.is_rated(tables, cycle_id):
        return Markdown(
            "**How certain these ratings are.** No source held here shows that this report rated the "
            "recommendations one by one, so each is shown as not rated and marked uncertain."
        )
    extra = ""
    for kind, phrase in status.SUPPORT_WORDS.items():
        only = [r for r in unsure["rec_id"] if progress.support(tables, cycle_id, int(r))[0] == kind]
        if only:
            extra += (
                f" For {words.plural(len(only), 'recommendation', 'recommendations')} {_rec_list(only)} the only "
                f"sources held that give the rating "
                + ("came out after the report" if kind == rules.AS_REPORTED_LATER else "report the rating it gave")
                + f"; they are not evidence of impact on people's lives, so the book marks "
                f'{"that rating" if len(only) == 1 else "those ratings"} "{phrase}".'
            )
    balance = evidence_balance(tables, cycle_id)
    return Markdown(
        f"**How certain these ratings are.** The sources held here do not state the ratings of recommendations "
        f"{recs} one by one: they are worked out from what the sources do say (see the chapter on how we reached "
        f"our conclusions), and marked inferred or uncertain wherever they appear.{extra}"
        + (f"\n\n{balance}" if balance else "")
    )


def counts_frame(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
    """Counts by status, with each recommendation's number and the certainty of its rating."""
    counts = progress.status_counts(tables, cycle_id)
    certainty = progress.ratings_for(tables, cycle_id).set_index("rec_id")["status_confidence"]
    return pd.DataFrame(
        {
            "Status": [s.capitalize() for s in counts["status"]],
            "Number of recommendations": counts["count"].astype(int),
            "Recommendations (certainty of each rating)": [
                status.marked_numbers((r, certainty[r]) for r in recs) or "None" for recs in counts["recommendations"]
            ],
        }
    )


def counts_table(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """Counts by status as a table, with a CSV to download."""
    frame = counts_frame(tables, cycle_id)
    return show_table(
        frame, download=DataFile("status-counts", tidy.status_counts(tables, cycle_id)), cycle_id=cycle_id
    )


def counts_chart(tables: EvidenceTables, cycle_id: str) -> ChartOutput:
    """Recommendations by status from zero, each bar split by how certain its ratings are and labelled directly.

    Each status and its count sit above its bar and the certainty split below it, not beside
    it, so the chart keeps its shape from a phone to a desktop; the colour key names the
    certainty words.
    """
    ratings = progress.ratings_for(tables, cycle_id)
    rows = []
    for rated in progress.status_counts(tables, cycle_id)["status"]:
        chosen = ratings[ratings["status"] == rated]
        marks = [(c, chosen[chosen["status_confidence"] == c]) for c in CONFIDENCE]
        split = ", ".join(f"{len(r)} {c}" for c, r in marks if len(r))
        rows += [
            {
                "Status": rated.capitalize(),
                "Certainty": c,
                "Number of recommendations": len(r),
                "Recommendations": ", ".join(map(str, r["rec_id"])) or "–",
                "Label": f"{rated.capitalize()}: {len(chosen)}",
                "Split": split,
            }
            for c, r in marks
            if len(r) or c == CONFIDENCE[0]
        ]
    data = pd.DataFrame(rows)
    used = [c for c in CONFIDENCE if data.loc[data["Certainty"] == c, "Number of recommendations"].sum()]
    total = len(ratings)
    base = alt.Chart(data).encode(y=alt.Y("Label:N", sort=None, axis=None))
    bars = (
        base.mark_bar(size=20, stroke="#FFFFFF", strokeWidth=1)
        .encode(
            x=alt.X(
                "sum(Number of recommendations):Q",
                title="Recommendations (count)",
                scale=alt.Scale(domain=[0, total], nice=False),
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "Certainty:N",
                sort=list(CONFIDENCE),
                title="How certain the rating is",
                scale=alt.Scale(domain=used, range=[theme.CERTAINTY_COLOURS[c] for c in used]),
                legend=alt.Legend(orient="bottom", direction="vertical", titleLimit=0),
            ),
            order=alt.Order("Order:Q"),
            tooltip=["Status:N", "Certainty:N", "Number of recommendations:Q", "Recommendations:N"],
        )
        .transform_calculate(Order=f"indexof({list(CONFIDENCE)!r}, datum.Certainty)")
    )
    labels = alt.Chart(data.drop_duplicates("Label")).encode(y=alt.Y("Label:N", sort=None, axis=None), x=alt.datum(0))
    names = labels.mark_text(align="left", baseline="bottom", dy=-13, fontWeight="bold").encode(text="Label:N")
    splits = labels.mark_text(align="left", baseline="top", dy=13).encode(text="Split:N")
    chart = theme.responsive(
        alt.layer(bars, names, splits).properties(
            height={"step": 72},
            title=alt.Title(["Recommendations by status", words.long_date(tables.cycle(cycle_id)["publication_date"])]),
        )
    )
    described = data.drop_duplicates("Label").apply(
        lambda r: r["Label"].lower() + (f" ({r['Split']})" if r["Split"] else ""), axis=1
    )
    alt_text = (
        f"Bar chart of the {total} recommendations by status, with how certain each rating is: "
        + "; ".join(described)
        + "."
    )
    table = data.drop(columns=["Label", "Split"])
    download = DataFile("status-counts", tidy.status_counts(tables, cycle_id))
    return theme.with_fixed_inline_spec(
        export_chart(
            chart, name=f"status-chart-{cycle_id}", alt_text=alt_text, data=table, download=download, cycle_id=cycle_id
        )
    )


def changes_since_previous(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """What changed since the previous report, in words."""
    previous_id = tables.previous_cycle(cycle_id)
    if previous_id is None:
        return Markdown("This is the first progress report in the series, so there is no earlier rating to compare.")
    previous = tables.cycle(previous_id)
    title = f"*{words.md(previous['title'])}* ({words.long_date(previous['publication_date'])})"
    diff = progress.changes(tables, cycle_id)
    held = progress.evidence_for(tables, cycle_id)
    new_items, carried = int((~held["carried"]).sum()), int(held["carried"].sum())
    retired = len(progress.superseded_in(tables, cycle_id))
    evidence_line = (
        f"This edition holds {new_items:,} new {words.plural(new_items, 'item')} of evidence for this "
        f"report and carries forward {carried:,} from earlier reports"
        + (f", after retiring {words.count_words(retired)} that newer items replace" if retired else "")
        + "; the chapters that follow list them by theme, new and carried forward apart."
    )
    if not progress.is_rated(tables, previous_id):
        return Markdown(
            f"The previous report, {title}, is not known to have rated each recommendation, so no rating can "
            f"go up or down: this report is the first known to rate them one by one. {evidence_line}"
        )
    changed = diff[diff["changed"]]
    if changed.empty:
        return Markdown(f"No rating has changed since {title}. {evidence_line}")
    certainty = progress.ratings_for(tables, cycle_id).set_index("rec_id")["status_confidence"]
    lines = [
        f"- Recommendation {r.rec_id}: from {badge(r.previous_status)} to {badge(r.status)}"
        f"{confidence_note(certainty[r.rec_id])}"
        for r in changed.itertuples()
    ]
    n = len(changed)
    return Markdown(
        f"Since {title}, {words.count_words(n)} {words.plural(n, 'rating has', 'ratings have')} "
        f"changed:\n\n" + "\n".join(lines) + f"\n\n{evidence_line}"
    )
