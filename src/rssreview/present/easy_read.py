"""An Easy Read summary generated from the same ratings: plain words, one idea per line."""

from __future__ import annotations

from IPython.display import Markdown

from rssreview.evidence import progress
from rssreview.evidence.load import EvidenceTables
from rssreview.present import words

PLAIN_STATUS = {
    "achieved": "This has happened.",
    "partly achieved": "Some of this has started to happen. There is more to do.",
    "not achieved": "This has not happened yet.",
    "not rated": "The report did not say if this has happened.",
}

PLAIN_CONFIDENCE = {
    "confirmed": "",
    "inferred": "We worked this out from what others wrote. The report does not say it in these words.",
    "uncertain": "We are not sure about this.",
}


def summary(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """The headline in short sentences."""
    cycle = tables.cycle(cycle_id)
    total = len(tables.recommendations)
    lines = [
        f"In October 2020 the Care Quality Commission asked for {total} changes.",
        "We call these changes recommendations.",
        "They are about people with a learning disability, autistic people and people with mental ill health.",
        f"This report came out on {words.long_date(cycle['publication_date'])}.",
    ]
    if progress.is_rated(tables, cycle_id):
        counts = progress.status_counts(tables, cycle_id).set_index("status")["count"]
        achieved, partly, not_yet = (int(counts[s]) for s in ("achieved", "partly achieved", "not achieved"))
        lines += [
            f"{words.sentence_case(words.count_words(achieved))} of the {total} changes "
            f"{'has' if achieved == 1 else 'have'} happened.",
            f"{words.sentence_case(words.count_words(partly))} {'has' if partly == 1 else 'have'} started to happen.",
            f"{words.sentence_case(words.count_words(not_yet))} {'has' if not_yet == 1 else 'have'} not happened yet.",
        ]
    else:
        lines.append("This report did not say which changes had happened.")
    return Markdown("\n\n".join(lines))


def each_recommendation(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """One short block per recommendation: what it is about and its status in plain words."""
    blocks = []
    for rec in progress.ratings_for(tables, cycle_id).itertuples():
        topic = tables.recommendations.set_index("rec_id").loc[rec.rec_id, "topic"]
        if rec.label_source == "report" and not rec.short_label.endswith("…"):
            about = f"This change means {words.md(rec.short_label)}."
        elif topic.lower().startswith("not known"):
            about = "We do not know what this change is about."
        else:
            about = f"This change is about {words.md(topic)}."
        lines = [f"**Change {rec.rec_id}**", about, PLAIN_STATUS[rec.status]]
        if PLAIN_CONFIDENCE[rec.status_confidence]:
            lines.append(PLAIN_CONFIDENCE[rec.status_confidence])
        blocks.append("\n\n".join(lines))
    return Markdown("\n\n---\n\n".join(blocks))
