"""`rssreview diff` end to end: a scratch project in its own git repository, one change, the report it writes."""

from __future__ import annotations

import subprocess

import pytest
from project import copy_project, read_rows, run, write_rows

from rssreview.paths import ROOT

pytestmark = pytest.mark.slow

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]


def test_a_changed_rating_and_evidence_row_are_named_and_nothing_else(tmp_path, monkeypatch):
    project = copy_project(tmp_path)
    # Every cache is keyed by content, with paths from the project: sharing the real one keeps this test warm.
    (ROOT / ".cache").mkdir(exist_ok=True)
    (project / ".cache").symlink_to(ROOT / ".cache", target_is_directory=True)
    (project / ".gitignore").write_text(".cache\n_build/\n_book/\n_book-*/\n_diff/\nnode_modules\n")
    for command in (["init", "--quiet"], ["add", "-A"], ["commit", "--quiet", "-m", "base"]):
        subprocess.run([*GIT, *command], cwd=project, check=True, capture_output=True)
    ratings = read_rows(project / "data" / "evidence" / "ratings.csv")
    row = next(r for r in ratings if r[:2] == ["2022-03", "3"])
    assert row[2:4] == ["not achieved", "confirmed"]
    row[3] = "inferred"
    write_rows(project / "data" / "evidence" / "ratings.csv", ratings)
    evidence = read_rows(project / "data" / "evidence" / "evidence.csv")
    item = next(r for r in evidence if r[0] == "E030")
    item[4] = item[4].replace("more likely", "much more likely")
    write_rows(project / "data" / "evidence" / "evidence.csv", evidence)
    monkeypatch.setenv("RSSREVIEW_KEEP_WARM", "0")

    result = run(project, "diff", "HEAD", timeout=900)

    assert result.returncode == 0, result.stderr[-3000:]
    report = (project / "_diff" / "diff.md").read_text(encoding="utf-8")
    assert report == result.stdout
    chapters = [line.removeprefix("### ") for line in report.splitlines() if line.startswith("### ")]
    assert chapters[0] == "3 Support in the community to avoid crisis"
    first = report.split("### ")[1]
    # The rating shows twice on the theme page: in the ratings at a glance at its top, and in its own section.
    assert [line.split("**")[1] for line in first.splitlines() if line.startswith("- **")] == [
        "Rating changed",
        "Rating changed",
        "Evidence changed",
    ]
    assert "Not achieved \\(confirmed\\)" in first and "Not achieved \\(inferred\\)" in first
    assert "much more likely" in first
    # Everything else follows from the one rating: the counts by certainty, the list of ratings and the Easy Read.
    assert set(chapters[1:]) <= {
        "Overview",
        "1 Summary of findings",
        "13 Easy Read summary",
        "Appendix A — All recommendations across reports",
    }
    assert "Page added" not in report and "edition 2021-12" not in report and "PDF" not in report
    html = (project / "_diff" / "index.html").read_text(encoding="utf-8")
    assert 'href="before/notebooks/03_community.html#has-recommendation-3-been-achieved"' in html
    assert 'href="after/notebooks/03_community.html#has-recommendation-3-been-achieved"' in html
    assert (project / "_diff" / "before" / "index.html").is_file()
    assert not list((project / "_build" / "diff").glob("worktree-*")), "the temporary worktree is removed"
