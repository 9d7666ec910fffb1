"""Starting a new cycle: add its row to cycles.csv and copy the previous ratings as drafts to review.

The tables are rewritten only if the result validates, and each file is replaced in one
step, so a failure leaves every table exactly as the analyst left it.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from rssreview.evidence.load import load
from rssreview.evidence.problems import EvidenceError
from rssreview.evidence.schemas import ISO_DATE, ISO_MONTH, SPECS, URL
from rssreview.files import write_if_changed
from rssreview.paths import EVIDENCE, display_path
from rssreview.problems import Problem
from rssreview.publication import REVIEW_NAME


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _text(name: str, rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SPECS[name].columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def default_title(cycle_id: str) -> str:
    month = date.fromisoformat(cycle_id + "-01").strftime("%B %Y")
    return f"{REVIEW_NAME}: Progress report ({month})"


def argument_problems(
    label: str, cycle_id: str, published: str, source_url: str, data_month: str | None, title: str | None
) -> list[Problem]:
    """The arguments checked before anything is read or written, each against the cycles.csv column it fills."""
    checks = [
        ("cycle_id", "the cycle id", cycle_id, ISO_MONTH, "a month written YYYY-MM, e.g. 2022-09"),
        ("publication_date", "--published", published, ISO_DATE, "a date written YYYY-MM-DD"),
        ("source_url", "--source-url", source_url, URL, "a web address starting http:// or https://"),
    ]
    if data_month is not None:
        checks.append(("data_month", "--data-month", data_month, ISO_MONTH, "a month written YYYY-MM"))
    problems = [
        Problem(label, None, column, f"{what} (from {argument})", repr(value))
        for column, argument, value, pattern, what in checks
        if not re.match(pattern, value or "")
    ]
    if not any(p.column == "publication_date" for p in problems):
        try:
            date.fromisoformat(published)
        except ValueError:
            problems.append(
                Problem(
                    label,
                    None,
                    "publication_date",
                    "a real calendar date (from --published)",
                    repr(published),
                )
            )
    if title is not None and not title.strip():
        problems.append(Problem(label, None, "title", "a title (from --title)", "an empty one"))
    return problems


def real_names(err: EvidenceError, trial: Path, folder: Path) -> EvidenceError:
    """The trial's problems with the scratch folder's paths replaced by the real files' paths."""
    scratch, real = display_path(trial), display_path(folder)
    return EvidenceError(
        [replace(p, file=real + p.file[len(scratch) :]) if p.file.startswith(scratch) else p for p in err.problems]
    )


def new_cycle(
    cycle_id: str,
    *,
    published: str,
    source_url: str,
    data_month: str | None = None,
    title: str | None = None,
    folder: Path = EVIDENCE,
) -> int:
    """Add cycle `cycle_id` after the latest one; return how many draft ratings were created."""
    label = display_path(folder / "cycles.csv")
    problems = argument_problems(label, cycle_id, published, source_url, data_month, title)
    if problems:
        raise EvidenceError(problems)
    tables = load(folder)
    if cycle_id in set(tables.cycles["cycle_id"]):
        raise EvidenceError([Problem(label, None, "cycle_id", "a new cycle id", f"{cycle_id}, which already exists")])
    previous = tables.latest_cycle()
    if cycle_id <= previous:
        raise EvidenceError(
            [
                Problem(
                    label,
                    None,
                    "cycle_id",
                    f"a cycle after the latest one ({previous})",
                    cycle_id,
                )
            ]
        )
    cycles = _rows(folder / "cycles.csv")
    cycles.append(
        {
            "cycle_id": cycle_id,
            "title": title or default_title(cycle_id),
            "publication_date": published,
            "data_month": data_month or tables.cycle(previous)["data_month"],
            "previous_cycle": previous,
            "source_url": source_url,
        }
    )
    ratings = _rows(folder / "ratings.csv")
    drafts = [
        {
            **row,
            "cycle_id": cycle_id,
            "review_state": "draft",
            "override_reason": "",
            "reason": f"Draft copied from {previous} for review: {row['reason']}",
        }
        for row in ratings
        if row["cycle_id"] == previous
    ]
    ratings += drafts
    ratings.sort(key=lambda r: (r["cycle_id"], int(r["rec_id"])))
    new_text = {"cycles": _text("cycles", cycles), "ratings": _text("ratings", ratings)}
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / folder.name
        shutil.copytree(folder, trial)
        for name, text in new_text.items():
            (trial / f"{name}.csv").write_text(text, encoding="utf-8")
        try:
            load(trial)
        except EvidenceError as err:
            raise real_names(err, trial, folder) from None
    for name, text in new_text.items():
        write_if_changed(folder / f"{name}.csv", text)
    return len(drafts)
