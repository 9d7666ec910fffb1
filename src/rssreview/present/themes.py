"""A theme chapter: for each recommendation in it, what was asked, the rating and the evidence by kind."""

from __future__ import annotations

from IPython.display import Markdown

from rssreview.evidence import progress, rules
from rssreview.evidence.load import EvidenceTables
from rssreview.evidence.vocabulary import KINDS, PUBLISHED_RATING
from rssreview.present import status, words
from rssreview.present.status import badge, confidence_note

#: Headings for evidence by its real kind; a campaign group's summary is never "what CQC found".
KIND_HEADINGS = {
    "lived experience": "What people and families said",
    "stakeholders": "What organisations said",
    "national data": "What national figures show",
    "inspection": "What CQC found",
    "government or national action": "What government and national bodies did",
    "published rating": "Sources that report the published rating",
}
#: Ways to say that no item shows people's lives improving, varied so no phrase repeats down a page.
NO_IMPACT = (
    "None of these items shows people's lives getting better.",
    "No item here shows a change for the better in people's lives.",
    "Nothing here shows an improvement that people experienced.",
    "These items describe work or problems, not better outcomes for people.",
    "No sign of a positive effect on people's lives appears in these items.",
)
#: Ways to say that a rating is what the rule gives.
BY_RULE = (
    "The rating agrees with the rule applied to the evidence held here.",
    "Applied to the evidence held here, the rule gives the same rating.",
    "This is the rating the rule gives for the evidence held here.",
    "The evidence held here leads to this rating under the rule.",
    "Under the rule, the evidence held here gives this same rating.",
)
#: Ways to say why sources that only report the rating do not count.
RESTATED = (
    "These sources only report the rating the report gave. They are not evidence of what changed for people, "
    "so the rule does not count them.",
    "They repeat the report's verdict without showing any change in people's lives, so they do not count "
    "towards the rule.",
    "A source that passes on a rating is not evidence for it; the rule leaves these out.",
    "These summaries pass on the report's rating. Passing on a verdict does not show an effect on people, "
    "so the rule ignores them.",
)
#: Headings for items published after the report, varied down a page; each says "later" and gives the date.
LATER_HEADINGS = (
    "Later commentary, published after {when}",
    "Published after {when}: later commentary",
    "Commentary from after {when}",
    "Later sources, from after {when}",
)
#: Ways to say that later items never count, even when they report the rating.
LATER_NOTE = (
    "Published after the report, so not part of what the rating rests on, even where it reports the rating.",
    "These came out after the report. They do not count towards the rating, even when they repeat it.",
    "Written after the report, these are later commentary: the rating does not rest on them.",
    "Anything published after the report is kept apart here, including summaries that repeat its rating.",
)
#: Ways to say that the recommendation's own chapter is not known.
NO_CHAPTER = (
    "The chapter of the report that deals with this recommendation has not been found, so what full "
    "implementation would look like is not known.",
    "What people would experience if this recommendation were carried out is not known: its chapter has "
    "not been found.",
    "Its chapter in the report has not been found, so the list of outcomes is missing.",
    "No copy of its chapter has been found, so the outcomes it aims for are not known.",
)
IMPACT_WORDS = {
    "some": "shows some positive effect on people's lives",
    "clear": "shows a clear positive effect on people's lives",
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
    title_note = (
        ""
        if theme["title_confidence"] == "confirmed"
        else "\n\n*The report's own title for this chapter is not known; the title used here is ours.*"
    )
    unsure = recs[recs["theme_confidence"] != "confirmed"]["rec_id"].tolist()
    placement = (
        ""
        if not unsure
        else f"\n\n*No source says which chapter of the report covers "
        f"{words.plural(len(unsure), 'recommendation', 'recommendations')} "
        f"{words.join_and([str(r) for r in unsure])}; placing "
        f"{'it' if len(unsure) == 1 else 'them'} here is our own grouping.*"
    )
    plural = words.plural(len(recs), "recommendation", "recommendations")
    previous_id = tables.previous_cycle(cycle_id)
    earlier = ""
    if previous_id and not progress.is_rated(tables, previous_id):
        when = words.long_date(tables.cycle(previous_id)["publication_date"])
        earlier = f" The report of {when} is not known to have rated recommendations one by one."
    text = (
        f"{words.md(theme['introduction'])}\n\nThis chapter covers {plural} {numbers}.{earlier}\n\n"
        f"{ratings_at_a_glance(tables, theme_id, cycle_id)}\n\n{status.legend()}{title_note}{placement}"
    )
    page = text + "\n".join(m.data for m in chapter(tables, theme_id, cycle_id))
    spelt = words.abbreviations_line(tables.glossary, page)
    return Markdown(text + (f"\n\n{spelt}" if spelt else ""))


def ratings_at_a_glance(tables: EvidenceTables, theme_id: str, cycle_id: str) -> str:
    """The chapter's ratings, each with its certainty, as a list near the top: a reader on a phone sees them
    before the notes on how sure we are and the evidence, which follow under each recommendation."""
    recs = tables.recommendations[tables.recommendations["theme_id"] == theme_id]["rec_id"]
    ratings = progress.ratings_for(tables, cycle_id).set_index("rec_id")
    lines = []
    for rec_id in (int(r) for r in recs):
        rec = ratings.loc[rec_id]
        lines.append(
            f"- Recommendation {rec_id}, {words.label_text(rec.short_label, rec.label_source)}: "
            f"{badge(rec.status)}{confidence_note(rec.status_confidence)}"
        )
    return "::: {.chapter-ratings}\nThe report's ratings:\n\n" + "\n".join(lines) + "\n:::"


def _topic_line(topic: str) -> str:
    if topic.lower().startswith("not known"):
        return "We do not know the topic of this recommendation."
    return f"Topic: {words.md(topic)}."


def _implementation(rec) -> str:
    items = [i.strip() for i in rec.full_implementation.split(" | ") if i.strip()]
    if len(items) == 1 and items[0].lower().startswith("not known: the chapter"):
        return words.vary(NO_CHAPTER, int(rec.name))
    if len(items) == 1 and items[0].lower().startswith("not known"):
        return words.md(items[0])
    return "If this recommendation were fully implemented:\n\n" + "\n".join(f"- {words.md(i)}" for i in items)


def _item(row) -> str:
    impact = f"; {IMPACT_WORDS[row.impact]}" if row.impact in IMPACT_WORDS else ""
    return (
        f"- {words.md(row.summary)} ({words.long_date(row.evidence_date)}; "
        f"{words.link(words.source_name(row.source_url), row.source_url)}{impact}){confidence_note(row.confidence)}"
    )


def _by_kind(items, level: str) -> list[str]:
    blocks = []
    for kind in KINDS:
        rows = items[items["kind"] == kind]
        if not rows.empty:
            blocks.append(
                f"{level} {KIND_HEADINGS[kind]} {{.unnumbered .unlisted}}\n\n"
                + "\n".join(_item(row) for row in rows.itertuples())
            )
    return blocks


def _evidence(tables: EvidenceTables, cycle_id: str, rec_id: int) -> str:
    """The items this report holds: new, carried forward, the published rating and later commentary, apart."""
    items = progress.evidence_for(tables, cycle_id, rec_id)
    if items.empty:
        return "No evidence about this recommendation is held here, for this report or an earlier one."
    basis = items[items["role"] == rules.BASIS]
    blocks = []
    when = words.long_date(tables.cycle(cycle_id)["publication_date"])
    new, carried = basis[~basis["carried"]], basis[basis["carried"]]
    if not new.empty:
        blocks.append("#### New for this report {.unnumbered .unlisted}\n\n" + "\n\n".join(_by_kind(new, "#####")))
    if not carried.empty:
        earlier = words.join_and(
            [words.long_date(tables.cycle(c)["publication_date"]) for c in sorted(carried["cycle_id"].unique())]
        )
        blocks.append(
            f"#### Carried forward from the report of {earlier} {{.unnumbered .unlisted}}\n\n"
            + "\n\n".join(_by_kind(carried, "#####"))
        )
    if not basis.empty and not (basis["impact"] != "none seen").any():
        blocks.append(NO_IMPACT[rec_id % len(NO_IMPACT)])
    published = items[items["role"] == rules.PUBLISHED]
    if not published.empty:
        blocks.append(
            f"#### {KIND_HEADINGS['published rating']} {{.unnumbered .unlisted}}\n\n"
            f"{words.vary(RESTATED, rec_id)}\n\n" + "\n".join(_item(row) for row in published.itertuples())
        )
    later = items[items["role"] == rules.LATER]
    if not later.empty:
        blocks.append(
            f"#### {words.vary(LATER_HEADINGS, rec_id).format(when=when)} {{.unnumbered .unlisted}}\n\n"
            f"{words.vary(LATER_NOTE, rec_id)}\n\n" + "\n".join(_item(row) for row in later.itertuples())
        )
    return "\n\n".join(blocks)


def _previous_line(tables: EvidenceTables, cycle_id: str, rec_id: int) -> str:
    previous_id = tables.previous_cycle(cycle_id)
    if previous_id is None:
        return ""
    before = progress.ratings_for(tables, previous_id).set_index("rec_id").loc[rec_id, "status"]
    now = progress.ratings_for(tables, cycle_id).set_index("rec_id").loc[rec_id, "status"]
    when = words.long_date(tables.cycle(previous_id)["publication_date"])
    if before == "not rated":
        return ""  # said once in the chapter's introduction
    if before == now:
        return f" The rating is unchanged since the report of {when}."
    return f" In the report of {when} it was {badge(before)}."


def _basis_line(tables: EvidenceTables, cycle_id: str, rec) -> str:
    """What the rating rests on, said as what it is."""
    kind, rule = progress.support(tables, cycle_id, int(rec.name))
    if kind == rules.NOT_RATED:
        return ""
    if kind in status.SUPPORT_WORDS:
        items = progress.evidence_for(tables, cycle_id, int(rec.name))
        restated = items[items["kind"] == PUBLISHED_RATING]
        when = words.long_date(tables.cycle(cycle_id)["publication_date"])
        if kind == rules.AS_REPORTED_LATER:
            source = (
                f"The only sources held that give this rating were published after {when}, so they are later "
                f"commentary: they report the rating but are not part of what it rests on."
            )
        elif restated[restated["role"] == rules.PUBLISHED]["carried"].all():
            earlier = words.join_and(
                [words.long_date(tables.cycle(c)["publication_date"]) for c in sorted(restated["cycle_id"].unique())]
            )
            source = (
                f"The sources below report the rating given in the report of {earlier}; none held here "
                f"reports this report's rating."
            )
        else:
            source = "The rating is the one the report gave, as the sources below report it."
        text = (
            f"**{words.sentence_case(status.support_words(kind))}.** {source} None of the evidence held "
            f'here shows what changed for people, and on that evidence alone the rule would give "{rule}".'
        )
    elif kind == rules.BY_OVERRIDE:
        text = (
            f'**Rating differs from the rule.** On the evidence held here the rule would give "{rule}". '
            f"Why this rating stands: {words.md(rec.override_reason)}"
        )
    else:
        origin = rules.RULE_ORIGIN[next(i for i, s in rules.STATUS_FOR_IMPACT.items() if s == rec.status)]
        extension = "" if origin.startswith("CQC") else " This step is our extension of CQC's rule."
        text = f"{words.vary(BY_RULE, int(rec.name))}{extension}"
    if rec.override_reason and kind != rules.BY_OVERRIDE:
        text += f" A reviewer's note on this rating: {words.md(rec.override_reason)}"
    return "\n\n" + text


def recommendation_section(tables: EvidenceTables, cycle_id: str, rec_id: int) -> Markdown:
    """One recommendation: label, what full implementation means, lead, rating, its basis and the evidence."""
    rec = progress.ratings_for(tables, cycle_id).set_index("rec_id").loc[rec_id]
    detail = tables.recommendations.set_index("rec_id").loc[rec_id]
    label_note = (
        ""
        if rec.label_source == "report"
        else "\n\n*This is not the report's own wording, which is not known; it describes the topic.*"
    )
    if words.is_partial(rec.short_label) or rec.label_source == "none":
        label_note = f"\n\nThe report's label: {words.label_text(rec.short_label, rec.label_source)}." + (
            label_note if rec.label_source != "report" else ""
        )
    return Markdown(
        f"## {words.label_heading(rec_id, rec.short_label, rec.label_source)}\n\n"
        f"{_topic_line(detail.topic)}{label_note}\n\n"
        f"{_implementation(detail)}\n\n"
        f"Who leads: {words.md(detail.lead_organisations)}{confidence_note(detail.lead_confidence)}.\n\n"
        f"### Has recommendation {rec_id} been achieved?\n\n"
        f"The report's rating: {badge(rec.status)}{confidence_note(rec.status_confidence)}\n\n"
        f"{words.md(rec.reason)}{_previous_line(tables, cycle_id, rec_id)}{_basis_line(tables, cycle_id, rec)}\n\n"
        f"### What the evidence shows\n\n{_evidence(tables, cycle_id, rec_id)}\n"
    )


def chapter(tables: EvidenceTables, theme_id: str, cycle_id: str) -> list[Markdown]:
    """Every section of a theme chapter, in recommendation order."""
    theme_row(tables, theme_id)
    recs = tables.recommendations[tables.recommendations["theme_id"] == theme_id]["rec_id"]
    return [recommendation_section(tables, cycle_id, int(r)) for r in recs]
