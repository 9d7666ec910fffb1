"""How a status is shown: words first, with a badge class the site styles (never colour alone)."""

from __future__ import annotations

from rssreview.evidence.vocabulary import STATUSES


def css_class(status: str) -> str:
    return "status-" + status.replace(" ", "-")


def badge(status: str) -> str:
    """A pandoc/Quarto span: plain text everywhere, a styled badge on the site."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
    return f"[{status.capitalize()}]{{.status .{css_class(status)}}}"


CONFIDENCE_NOTE = {
    "confirmed": "",
    "inferred": "rating inferred from the sources, not stated in them",
    "uncertain": "uncertain: the sources are partial or disagree",
}


def confidence_note(confidence: str, what: str = "") -> str:
    """A short parenthesis for anything not confirmed, so a guess never reads as a fact."""
    note = CONFIDENCE_NOTE[confidence]
    if what and note:
        note = note.replace("rating ", f"{what} ")
    return f" *({note})*" if note else ""
