"""Load every evidence table, check each one and how they fit together, or fail with all problems."""

from __future__ import annotations

import sys
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

import pandas as pd

from rssreview import inputs
from rssreview.evidence import rules, sources
from rssreview.evidence.problems import EvidenceError
from rssreview.evidence.read import read_table
from rssreview.evidence.schemas import OPTIONAL, SPECS
from rssreview.evidence.vocabulary import DRAFT_MARK, PUBLISHED_RATING
from rssreview.paths import EVIDENCE, display_path
from rssreview.problems import Problem


@dataclass(frozen=True)
class EvidenceTables:
    """The validated tables, with numbers as integers and rows in key order."""

    cycles: pd.DataFrame
    themes: pd.DataFrame
    recommendations: pd.DataFrame
    ratings: pd.DataFrame
    evidence: pd.DataFrame
    pseudonyms: pd.DataFrame
    public_figures: pd.DataFrame
    superseded: pd.DataFrame
    key_messages: pd.DataFrame
    glossary: pd.DataFrame

    def __getattribute__(self, name: str):
        # Each table a chapter uses raises an audit event, so a build can check a chapter's declared
        # reads table by table (rssreview.book.warm records it). No hook is installed elsewhere.
        if name in TABLE_NAMES:
            sys.audit(TABLE_EVENT, name)
        return object.__getattribute__(self, name)

    def cycle(self, cycle_id: str) -> pd.Series:
        return self.cycles.set_index("cycle_id").loc[cycle_id]

    def latest_cycle(self) -> str:
        return str(self.cycles.sort_values("publication_date")["cycle_id"].iloc[-1])

    def previous_cycle(self, cycle_id: str) -> str | None:
        prev = self.cycle(cycle_id)["previous_cycle"]
        return prev or None

    def cycles_up_to(self, cycle_id: str) -> list[str]:
        """This cycle and the ones before it, oldest first (a report cannot show later ones)."""
        chain: list[str] = []
        current: str | None = cycle_id
        while current:
            chain.append(current)
            current = self.previous_cycle(current)
        return list(reversed(chain))


#: The audit event raised when a chapter uses one of the tables (argument: the table's name).
TABLE_EVENT = "rssreview.evidence.table"
TABLE_NAMES = frozenset(f.name for f in fields(EvidenceTables))


def _rows(frame: pd.DataFrame, mask: pd.Series) -> list[int]:
    return [int(i) + 2 for i in frame.index[mask]]


def _reference_problems(frames: dict[str, pd.DataFrame], labels: dict[str, str]) -> list[Problem]:
    """Every id used in one table must exist in the table that defines it."""
    problems: list[Problem] = []
    known = {
        "cycle_id": set(frames["cycles"]["cycle_id"]),
        "rec_id": set(frames["recommendations"]["rec_id"]),
        "theme_id": set(frames["themes"]["theme_id"]),
    }
    uses = [
        ("ratings", "cycle_id"),
        ("ratings", "rec_id"),
        ("evidence", "cycle_id"),
        ("evidence", "rec_id"),
        ("recommendations", "theme_id"),
        ("superseded", "cycle_id"),
        ("key_messages", "cycle_id"),
    ]
    for table, column in uses:
        frame = frames[table]
        unknown = ~frame[column].isin(known[column])
        for row, value in zip(_rows(frame, unknown), frame.loc[unknown, column]):
            problems.append(
                Problem(
                    labels[table],
                    row,
                    column,
                    f"a known {column}: one of {', '.join(sorted(known[column]))}",
                    f"the unknown {column} {value!r}",
                )
            )
    cycles = frames["cycles"]
    bad_prev = (cycles["previous_cycle"] != "") & ~cycles["previous_cycle"].isin(known["cycle_id"])
    for row, value in zip(_rows(cycles, bad_prev), cycles.loc[bad_prev, "previous_cycle"]):
        problems.append(
            Problem(labels["cycles"], row, "previous_cycle", "a cycle_id in this table", f"the unknown cycle {value!r}")
        )
    retired = frames["superseded"]
    unknown = ~retired["evidence_id"].isin(set(frames["evidence"]["evidence_id"]))
    for row, value in zip(_rows(retired, unknown), retired.loc[unknown, "evidence_id"]):
        problems.append(
            Problem(
                labels["superseded"],
                row,
                "evidence_id",
                f"an evidence_id in {labels['evidence']}",
                f"the unknown evidence_id {value!r}",
            )
        )
    messages = frames["key_messages"]
    for column, kind in (("themes", "theme_id"), ("recommendations", "rec_id")):
        for index, cell in messages[column].items():
            bad = [part for part in cell.split(" ; ") if part and part not in known[kind]]
            if bad:
                problems.append(
                    Problem(
                        labels["key_messages"],
                        int(index) + 2,
                        column,
                        f"ids from the {kind} tables",
                        f"the unknown {kind} {', '.join(bad)}",
                    )
                )
    return problems


def _date_problems(frames: dict[str, pd.DataFrame], labels: dict[str, str]) -> list[Problem]:
    """Dates must be real calendar dates and in a sensible order."""
    problems: list[Problem] = []
    cycles = frames["cycles"]
    published: dict[str, date] = {}
    for index, row in cycles.iterrows():
        number = int(index) + 2
        try:
            published[row.cycle_id] = date.fromisoformat(row.publication_date)
        except ValueError:
            problems.append(
                Problem(
                    labels["cycles"],
                    number,
                    "publication_date",
                    "a real calendar date",
                    repr(row.publication_date),
                )
            )
            continue
        if row.previous_cycle and row.previous_cycle >= row.cycle_id:
            problems.append(
                Problem(
                    labels["cycles"],
                    number,
                    "previous_cycle",
                    f"an earlier cycle than {row.cycle_id}",
                    repr(row.previous_cycle),
                )
            )
    evidence = frames["evidence"]
    # The report's own pages (its landing page and its chapters) are dated by cycles.csv and nowhere else.
    report_pages = set(cycles["source_url"]) | set(frames["themes"]["source_url"])
    for index, row in evidence.iterrows():
        number = int(index) + 2
        text = row.evidence_date if len(row.evidence_date) == 10 else row.evidence_date + "-01"
        try:
            when = date.fromisoformat(text)
        except ValueError:
            problems.append(
                Problem(
                    labels["evidence"],
                    number,
                    "evidence_date",
                    "a real calendar date",
                    repr(row.evidence_date),
                )
            )
            continue
        limit = published.get(row.cycle_id)
        if limit and row.kind == "national data" and rules.after(row.evidence_date, limit.isoformat()):
            problems.append(
                Problem(
                    labels["evidence"],
                    number,
                    "evidence_date",
                    f"a date on or before the {row.cycle_id} report's publication "
                    f"({limit.isoformat()}) for a national figure (a later figure belongs to a later cycle)",
                    repr(row.evidence_date),
                )
            )
        if (
            limit
            and row.source_url in report_pages
            and len(row.evidence_date) == 10
            and row.evidence_date[:7] == limit.isoformat()[:7]
            and row.evidence_date != limit.isoformat()
        ):
            problems.append(
                Problem(
                    labels["evidence"],
                    number,
                    "evidence_date",
                    f"the {row.cycle_id} report's own date from cycles.csv ({limit.isoformat()}) for a finding "
                    f"read on the report's pages",
                    repr(row.evidence_date),
                )
            )
        if when.year < 2018:
            problems.append(
                Problem(
                    labels["evidence"],
                    number,
                    "evidence_date",
                    "a date from 2018 (the review began then)",
                    repr(row.evidence_date),
                )
            )
    return problems


def _source_problems(frames: dict[str, pd.DataFrame], labels: dict[str, str]) -> list[Problem]:
    """Every cited address is on a publisher's live site (sources.ALLOWED_DOMAINS), never a staging copy."""
    problems: list[Problem] = []
    for name, frame in frames.items():
        columns = [c for c in frame.columns if "url" in c or c == "sources"]
        for column in columns:
            for index, cell in frame[column].items():
                for url in sources.addresses(cell):
                    why = sources.host_problem(url)
                    if why:
                        problems.append(Problem(labels[name], int(index) + 2, column, *why))
    return problems


def _coverage_problems(frames: dict[str, pd.DataFrame], labels: dict[str, str]) -> list[Problem]:
    """Every recommendation has exactly one rating in every cycle."""
    ratings = frames["ratings"]
    have = set(zip(ratings["cycle_id"], ratings["rec_id"]))
    recs = sorted(frames["recommendations"]["rec_id"], key=int)
    return [
        Problem(
            labels["ratings"],
            None,
            "rec_id",
            f"a rating for recommendation {rec} in cycle {cycle} (add a row {cycle},{rec},…)",
            "no rating",
        )
        for cycle in sorted(frames["cycles"]["cycle_id"])
        for rec in recs
        if (cycle, rec) not in have
    ]


def _data_month_problems(frames: dict[str, pd.DataFrame], labels: dict[str, str]) -> list[Problem]:
    """data_month: before the publication month, not before the previous cycle's, and no older than its figures."""
    problems: list[Problem] = []
    cycles = frames["cycles"].set_index("cycle_id", drop=False)
    national = frames["evidence"][frames["evidence"]["kind"] == "national data"]
    for index, row in frames["cycles"].iterrows():
        number, month = int(index) + 2, row.data_month
        if month >= row.publication_date[:7]:
            problems.append(
                Problem(
                    labels["cycles"],
                    number,
                    "data_month",
                    f"a month before the publication month ({row.publication_date[:7]})",
                    repr(month),
                )
            )
        previous = row.previous_cycle
        if previous in cycles.index and month < cycles.loc[previous, "data_month"]:
            problems.append(
                Problem(
                    labels["cycles"],
                    number,
                    "data_month",
                    f"no earlier than the previous cycle's data month ({cycles.loc[previous, 'data_month']})",
                    repr(month),
                )
            )
        months = national.loc[
            (national["cycle_id"] == row.cycle_id) & (national["evidence_date"].str.len() == 7), "evidence_date"
        ]
        if not months.empty and months.max() > month:
            problems.append(
                Problem(
                    labels["cycles"],
                    number,
                    "data_month",
                    f"at least the latest month of national data the cycle cites ({months.max()})",
                    repr(month),
                )
            )
    return problems


def _row_rule_problems(frames: dict[str, pd.DataFrame], labels: dict[str, str]) -> list[Problem]:
    """Rules inside one row: final ratings carry no draft text; a published rating is not impact."""
    problems: list[Problem] = []
    ratings = frames["ratings"]
    leftover = (ratings["review_state"] == "final") & ratings["reason"].str.contains(DRAFT_MARK, regex=False)
    for row in _rows(ratings, leftover):
        problems.append(
            Problem(
                labels["ratings"],
                row,
                "reason",
                "the reviewed reason on a final row",
                f"the draft text '{DRAFT_MARK} …' left by new-cycle; rewrite the reason or set review_state to draft",
            )
        )
    evidence = frames["evidence"]
    restated = (evidence["kind"] == PUBLISHED_RATING) & (evidence["impact"] != "none seen")
    for row, value in zip(_rows(evidence, restated), evidence.loc[restated, "impact"]):
        problems.append(
            Problem(
                labels["evidence"],
                row,
                "impact",
                "'none seen' for a published rating: a source that only reports the rating is not evidence of impact",
                repr(value),
            )
        )
    return problems


def _rule_problems(frames: dict[str, pd.DataFrame], labels: dict[str, str]) -> list[Problem]:
    """A rating must follow from the evidence its cycle holds, be the report's published rating, or say why not."""
    evidence, cycles = frames["evidence"], frames["cycles"]
    held = {cycle: rules.held_evidence(evidence, cycles, frames["superseded"], cycle) for cycle in cycles["cycle_id"]}
    problems = []
    for index, row in frames["ratings"].iterrows():
        if row.review_state == "draft" or row.cycle_id not in held:
            continue  # drafts are checked when reviewed; a build refuses to publish them
        items = held[row.cycle_id]
        items = items[items["rec_id"] == row.rec_id]
        kind, expected = rules.support(row.status, row.override_reason, items)
        if kind == rules.UNSUPPORTED:
            problems.append(
                Problem(
                    labels["ratings"],
                    int(index) + 2,
                    "status",
                    f"'{expected}', the rating the rule gives from the evidence for recommendation {row.rec_id} "
                    f"held up to the {row.cycle_id} report (or a source reporting the published rating, or a reason "
                    f"in override_reason)",
                    f"'{row.status}', which contradicts the evidence for recommendation {row.rec_id} in "
                    f"{row.cycle_id}; fix the rating or the evidence, add a 'published rating' row, or explain in "
                    f"override_reason",
                )
            )
    return problems


def _typed(frames: dict[str, pd.DataFrame]) -> EvidenceTables:
    out = {name: frame.copy() for name, frame in frames.items()}
    for name in ("recommendations", "ratings", "evidence"):
        out[name]["rec_id"] = out[name]["rec_id"].astype(int)
    out["themes"]["order"] = out["themes"]["order"].astype(int)
    out["key_messages"]["order"] = out["key_messages"]["order"].astype(int)
    keys = {
        "recommendations": ["rec_id"],
        "themes": ["order"],
        "cycles": ["publication_date"],
        "ratings": ["cycle_id", "rec_id"],
        "evidence": ["cycle_id", "rec_id", "evidence_id"],
        "pseudonyms": ["pseudonym"],
        "public_figures": ["name"],
        "superseded": ["cycle_id", "evidence_id"],
        "key_messages": ["cycle_id", "order"],
        "glossary": ["term"],
    }
    for name, key in keys.items():
        out[name] = out[name].sort_values(key, kind="stable").reset_index(drop=True)
    return EvidenceTables(**out)


def digest(folder: Path = EVIDENCE) -> str:
    """A hash of the names and bytes of the files in `folder`: the tables loaded from it are the same while it is."""
    return inputs.folder_fingerprint(folder)


def load(folder: Path = EVIDENCE) -> EvidenceTables:
    """Read, validate and cross-check every table in `folder`; raise EvidenceError listing all problems."""
    frames: dict[str, pd.DataFrame] = {}
    labels: dict[str, str] = {}
    problems: list[Problem] = []
    for name, spec in {**SPECS, **OPTIONAL}.items():
        path = folder / spec.file
        labels[name] = display_path(path)
        if name in OPTIONAL and not path.exists():
            frames[name] = pd.DataFrame(columns=spec.columns, dtype=str)
            continue
        frame, found = read_table(path, spec, labels[name])
        problems += found
        if frame is not None:
            frames[name] = frame
    if problems:
        raise EvidenceError(problems)
    for check in (
        _reference_problems,
        _date_problems,
        _data_month_problems,
        _source_problems,
        _coverage_problems,
        _row_rule_problems,
        _rule_problems,
    ):
        problems += check(frames, labels)
    if problems:
        raise EvidenceError(problems)
    return _typed(frames)
