"""A theme chapter: for each recommendation in it, what was asked, the rating and the evidence by kind."""

from __future__ import annotations

from IPython.display import Markdown

from rssreview.evidence import progress
from rssreview.evidence.load import EvidenceTables
from rssreview.evidence.vocabulary import KINDS
from rssreview.present import words
from rssreview.present.status import badge, confidence_note

KIND_HEADINGS = {
    "lived experience": "What people with lived experience and families told us",
    "stakeholders": "What stakeholders told us",
    "national data": "What the national data show",
    "inspection": "What inspections found",
    "government or national action": "What government and national bodies have done",
}


def theme_row(tables: EvidenceTables, theme_id: str):
    themes = tables.themes.set_index("theme_id")
    if theme_id not in themes.index:
        raise KeyError(f"unknown theme {theme_id!r}; data/evidence/themes.csv has {', '.join(themes.index)}")
    return themes.loc[theme_id]


def introduction(tables: EvidenceTables, theme_id: str, cycle_id: str) -> Markdown:
    """The theme's introduction and the recommendations it covers."""
    theme = theme_row(tables, theme_id)
    recs = tables.recommendations[tables.recommendations["theme_id"] == theme_id]
    numbers = words.join_and([str(r) for r in recs["rec_id"]])
    title_note = ("" if theme["title_confidence"] == "confirmed" else
                  "\n\n*The report's own title for this chapter is not known; the title used here is ours.*")
    unsure = recs[recs["theme_confidence"] != "confirmed"]["rec_id"].tolist()
    placement = ("" if not unsure else
                 f"\n\n*No source says which chapter of the report covers "
                 f"{words.plural(len(unsure), 'recommendation', 'recommendations')} "
                 f"{words.join_and([str(r) for r in unsure])}; placing "
                 f"{'it' if len(unsure) == 1 else 'them'} here is our own grouping.*")
    plural = words.plural(len(recs), "recommendation", "recommendations")
    return Markdown(f"{words.md(theme['introduction'])}\n\nThis chapter covers {plural} {numbers}."
                    f"{title_note}{placement}")


def _topic_line(topic: str) -> str:
    if topic.lower().startswith("not known"):
        return "We do not know the topic of this recommendation."
    return f"Topic: {words.md(topic)}."


def _implementation(rec) -> str:
    items = [i.strip() for i in rec.full_implementation.split(" | ") if i.strip()]
    if len(items) == 1 and items[0].lower().startswith("not known"):
        return words.md(items[0])
    return "If this recommendation were fully implemented:\n\n" + "\n".join(f"- {words.md(i)}" for i in items)


def _evidence_by_kind(tables: EvidenceTables, cycle_id: str, rec_id: int) -> str:
    items = progress.evidence_for(tables, cycle_id, rec_id)
    if items.empty:
        return "We hold no evidence for this recommendation in this report."
    blocks = []
    for kind in KINDS:
        rows = items[items["kind"] == kind]
        if rows.empty:
            continue
        lines = [
            f"- {words.md(row.summary)} ({words.long_date(row.evidence_date)}; source: "
            f"{words.link(words.source_name(row.source_url), row.source_url)}; impact on outcomes: {row.impact})"
            f"{confidence_note(row.confidence, 'evidence')}"
            for row in rows.itertuples()
        ]
        blocks.append(f"#### {KIND_HEADINGS[kind]} {{.unnumbered .unlisted}}\n\n" + "\n".join(lines))
    return "\n\n".join(blocks)


def _previous_line(tables: EvidenceTables, cycle_id: str, rec_id: int) -> str:
    previous_id = tables.previous_cycle(cycle_id)
    if previous_id is None:
        return ""
    before = progress.ratings_for(tables, previous_id).set_index("rec_id").loc[rec_id, "status"]
    now = progress.ratings_for(tables, cycle_id).set_index("rec_id").loc[rec_id, "status"]
    when = words.long_date(tables.cycle(previous_id)["publication_date"])
    if before == "not rated":
        return f" As far as we know, the report of {when} did not rate it."
    if before == now:
        return f" The rating is the same as in the report of {when} ({badge(before)})."
    return f" In the report of {when} it was {badge(before)}."


def recommendation_section(tables: EvidenceTables, cycle_id: str, rec_id: int) -> Markdown:
    """One recommendation: label, what full implementation means, lead, rating, reason and evidence."""
    rec = progress.ratings_for(tables, cycle_id).set_index("rec_id").loc[rec_id]
    detail = tables.recommendations.set_index("rec_id").loc[rec_id]
    label_note = ("" if rec.label_source == "report" else
                  "\n\n*This is not the report's own wording, which is not known; it describes the topic.*")
    return Markdown(
        f"## Recommendation {rec_id}: {words.label_text(rec.short_label, rec.label_source)}\n\n"
        f"{_topic_line(detail.topic)}{label_note}\n\n"
        f"{_implementation(detail)}\n\n"
        f"Who leads: {words.md(detail.lead_organisations)}{confidence_note(detail.lead_confidence, 'lead')}.\n\n"
        f"### Has recommendation {rec_id} been achieved?\n\n"
        f"Our rating: {badge(rec.status)}{confidence_note(rec.status_confidence)}\n\n"
        f"{words.md(rec.reason)}{_previous_line(tables, cycle_id, rec_id)}\n\n"
        f"### What we are seeing and hearing\n\n{_evidence_by_kind(tables, cycle_id, rec_id)}\n"
    )


def chapter(tables: EvidenceTables, theme_id: str, cycle_id: str) -> list[Markdown]:
    """Every section of a theme chapter, in recommendation order."""
    theme_row(tables, theme_id)
    recs = tables.recommendations[tables.recommendations["theme_id"] == theme_id]["rec_id"]
    return [recommendation_section(tables, cycle_id, int(r)) for r in recs]
