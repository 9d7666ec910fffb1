"""How a status and its certainty are shown: words first, never colour alone, one vocabulary everywhere.

Every rating, figure and evidence item carries one of three certainty marks — confirmed,
inferred or uncertain — in prose, tables, chart data, CSVs and the workbook. The marks and
their meanings live here so that every page and file says them the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from rssreview.evidence import rules
from rssreview.evidence.vocabulary import CONFIDENCE, STATUSES
from rssreview.present import words
from rssreview.present.text import span


def css_class(status: str) -> str:
    return "status-" + status.replace(" ", "-")


def badge(status: str) -> str:
    """A pandoc/Quarto span: plain text everywhere, a styled badge on the site."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    return span(status.capitalize(), "status", css_class(status))


#: What each mark means, said once per page where marks first appear.
CERTAINTY_MEANING = {
    "confirmed": "a source states it directly",
    "inferred": "worked out from what the sources say, not stated in them",
    "uncertain": "the sources are partial, indirect or disagree",
}
#: The same marks for the Easy Read page: short sentences, every mark said, confirmed included.
EASY_READ_CERTAINTY = {
    "confirmed": "We are sure about this. A report or a website says it.",
    "inferred": "We worked this out from what others wrote. No report says it in these words.",
    "uncertain": "We are not sure about this.",
}


#: What a rating rests on when the evidence held does not give it under the rule: the same words on the
#: theme pages, the summary, the method and the workbook, so a reader meets one phrase for one fact.
SUPPORT_WORDS = {
    rules.AS_PUBLISHED: "rating as published; evidence of impact not held here",
    rules.AS_REPORTED_LATER: "rating known only from later commentary; evidence of impact not held here",
}


def support_words(kind: str) -> str:
    """The phrase for a rating supported only by a restatement, or '' for any other support."""
    return SUPPORT_WORDS.get(kind, "")


def mark(confidence: str) -> str:
    """The certainty mark itself, checked against the one vocabulary."""
    if confidence not in CONFIDENCE:
        raise ValueError(f"unknown certainty {confidence!r}; expected one of {', '.join(CONFIDENCE)}")
    return confidence


def confidence_note(confidence: str) -> str:
    """A short italic mark after a rating, figure or item, confirmed included, so every one shows its certainty."""
    return f" *({mark(confidence)})*"


def easy_read_mark(confidence: str) -> str:
    """The certainty of a rating in Easy Read words."""
    return EASY_READ_CERTAINTY[mark(confidence)]


def with_mark(text: str, confidence: str) -> str:
    """'Partly achieved (inferred)': a cell that carries its certainty, for tables and CSVs."""
    return f"{text} ({mark(confidence)})"


def legend() -> str:
    """One sentence saying what the three marks mean."""
    parts = [f"*{level}* ({meaning})" for level, meaning in CERTAINTY_MEANING.items()]
    return "Each rating and item of evidence is marked " + words.join_or(parts) + "."


def marked_numbers(pairs: Iterable[tuple[int, str]]) -> str:
    """'1, 2 and 3 (confirmed); 16 and 17 (inferred)': recommendation numbers grouped by certainty."""
    pairs = list(pairs)
    groups = []
    for level in CONFIDENCE:
        numbers = [str(n) for n, c in pairs if c == level]
        if numbers:
            groups.append(f"{words.join_and(numbers)} ({level})")
    return "; ".join(groups)
