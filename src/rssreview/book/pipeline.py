"""The build's two steps for one run: execute the chapters, then render and publish the book.

The command line and the live preview both go through here, so a chapter is executed and a
page rendered the same way whichever started it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rssreview import checks
from rssreview.book import publish
from rssreview.book.chapters import targets
from rssreview.book.execute import ChapterRun, execute_all, share_tables
from rssreview.paths import ROOT
from rssreview.run import Run


def execute(run: Run, *, jobs: int, use_cache: bool,
            progress: Callable[[ChapterRun], None] | None = None) -> list[ChapterRun]:
    """Execute the run's chapters, re-using every unchanged one."""
    pairs = targets(run)
    share_tables(run.tables)
    return execute_all(pairs, run.cycle, jobs=jobs, use_cache=use_cache, progress=progress)


def write_workbook(run: Run) -> Path:
    """The spreadsheet of every table, written beside the figures so both renderers publish it."""
    from rssreview.present.display import figure_dir
    from rssreview.present.spreadsheet import build_workbook

    return build_workbook(run.tables, run.cycle, figure_dir(run.cycle))


def render(run: Run, *, force: bool = False) -> bool:
    """Render into a staging folder and swap it in; False if the output was already current."""
    checks.check_publishable(run.tables, run.cycle, draft=run.draft)
    if run.quarto and (run.draft or not run.latest):
        raise ValueError("Quarto renders the committed notebooks of the latest cycle only; build an earlier "
                         "cycle or a draft with --builtin")
    pairs = targets(run)
    key = publish.render_key(run.cycle, run.renderer, run.draft, [dst for _, dst in pairs])
    publish.recover(run.output)
    if not force and publish.is_current(run.output, key):
        return False
    write_workbook(run)
    with publish.staging(run.output) as stage:
        if run.quarto:
            subprocess.run([run.quarto, "render", "--output-dir", str(stage)], cwd=ROOT, env=run.environment(),
                           check=True)
        else:
            from rssreview.book.render import render_book

            render_book(stage, notebooks={src.relative_to(ROOT).as_posix(): dst for src, dst in pairs},
                        draft=run.draft, pdf_date=publication_date(run))
        publish.write_manifest(stage, run.cycle, run.renderer, key)
    return True


def publication_date(run: Run) -> date:
    """The cycle's publication date, printed on the PDF."""
    return date.fromisoformat(run.tables.cycle(run.cycle)["publication_date"])
