"""Starting a new cycle: add its row to cycles.csv and copy the previous ratings as drafts to review.

The tables are rewritten only if the result validates, and each file is replaced in one
step, so a failure leaves every table exactly as the analyst left it.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from datetime import date
from pathlib import Path

from rssreview.evidence.load import load
from rssreview.evidence.problems import EvidenceError, Problem
from rssreview.evidence.schemas import SPECS
from rssreview.paths import EVIDENCE


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
    return f"Restraint, segregation and seclusion review: Progress report ({month})"


def new_cycle(cycle_id: str, *, published: str, source_url: str, data_month: str | None = None,
              title: str | None = None, folder: Path = EVIDENCE) -> int:
    """Add cycle `cycle_id` after the latest one; return how many draft ratings were created."""
    tables = load(folder)
    if cycle_id in set(tables.cycles["cycle_id"]):
        raise EvidenceError([Problem(f"{folder.name}/cycles.csv", None, "cycle_id",
                                     f"cycle {cycle_id} already exists; choose a new id")])
    previous = tables.latest_cycle()
    if cycle_id <= previous:
        raise EvidenceError([Problem(f"{folder.name}/cycles.csv", None, "cycle_id",
                                     f"a new cycle must come after the latest one ({previous}); found {cycle_id}")])
    cycles = _rows(folder / "cycles.csv")
    cycles.append({"cycle_id": cycle_id, "title": title or default_title(cycle_id), "publication_date": published,
                   "data_month": data_month or tables.cycle(previous)["data_month"],
                   "previous_cycle": previous, "source_url": source_url})
    ratings = _rows(folder / "ratings.csv")
    drafts = [{**row, "cycle_id": cycle_id, "review_state": "draft", "override_reason": "",
               "reason": f"Draft copied from {previous} for review: {row['reason']}"}
              for row in ratings if row["cycle_id"] == previous]
    ratings += drafts
    ratings.sort(key=lambda r: (r["cycle_id"], int(r["rec_id"])))
    new_text = {"cycles": _text("cycles", cycles), "ratings": _text("ratings", ratings)}
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / folder.name
        shutil.copytree(folder, trial)
        for name, text in new_text.items():
            (trial / f"{name}.csv").write_text(text, encoding="utf-8")
        load(trial)
    for name, text in new_text.items():
        target = folder / f"{name}.csv"
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    return len(drafts)
