"""The build's two steps for one run: execute the chapters, then render and publish the book.

The command line and the live preview both go through here, so a chapter is executed and a
page rendered the same way whichever started it. The privacy guard runs before a chapter
executes (its tables and Markdown), after (every output) and before a render (the workbook).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rssreview import checks, national
from rssreview.book import editions, publish
from rssreview.book.chapters import targets
from rssreview.book.execute import ChapterRun, execute_all
from rssreview.book.forked import Forked
from rssreview.config import DEFAULT_JOBS
from rssreview.paths import ROOT
from rssreview.run import Run

if TYPE_CHECKING:
    from rssreview.book.render import RenderResult
    from rssreview.book.render.site import EditionLink


def execute(
    run: Run, *, jobs: int, use_cache: bool, progress: Callable[[ChapterRun], None] | None = None
) -> list[ChapterRun]:
    """Execute the run's chapters, re-using every unchanged one."""
    national.build_indicators()  # refuse bad raw files here, listing every problem, not in a chapter's cell
    pairs = targets(run)
    checks.check_private(run.tables, [src for src, _ in pairs], outputs=False)
    runs = execute_all(
        pairs, run.cycle, run.tables, jobs=jobs, use_cache=use_cache, progress=progress, keep_warm=run.keep_warm
    )
    checks.check_private(run.tables, [dst for _, dst in pairs], downloads=checks.downloads(run.cycle))
    return runs


def render(run: Run, *, force: bool = False) -> bool:
    """Render into a staging folder and swap it in; False if the output was already current."""
    checks.check_publishable(run.tables, run.cycle, draft=run.draft)
    pairs = targets(run)
    checks.check_private(run.tables, [dst for _, dst in pairs], downloads=checks.downloads(), include_tables=False)
    if run.quarto and (run.draft or not run.latest):
        raise ValueError(
            "Quarto renders the committed notebooks of the latest cycle only; build an earlier "
            "cycle or a draft with --builtin"
        )
    from rssreview.book import edition

    earlier = editions.earlier_runs(run)
    if earlier:  # the site publishes every edition: bring each earlier one up to date (from the caches if unchanged)
        build_editions(run, jobs=DEFAULT_JOBS, use_cache=True)
    built = edition.edition_date().isoformat()
    key = publish.render_key(run.cycle, run.renderer, run.draft, [dst for _, dst in pairs], built)
    key = editions.render_key(key, earlier) if earlier else key
    publish.recover(run.output)
    if not force and publish.is_current(run.output, key):
        return False
    # The workbook and CSV zip are made in a forked copy of this process while the pages and PDFs are made
    # here (Python work both: threads would take turns); the site copies them in once they are done.
    downloads = Forked(write_downloads, run)
    try:
        with publish.staging(run.output) as stage:
            if run.quarto:
                downloads.result()
                subprocess.run(
                    [run.quarto, "render", "--output-dir", str(stage)], cwd=ROOT, env=run.environment(), check=True
                )
            else:  # under Quarto, its post-render step publishes the earlier editions (editions.finish_quarto_site)
                render_into(run, stage, before_resources=downloads.result, editions=editions.links(run))
                editions.publish_into(stage, earlier)
            downloads.result()  # its error stops the publication even when the site had nothing to copy
            publish.write_manifest(stage, run.cycle, run.renderer, key)
    finally:
        downloads.wait()  # nothing is written after the command has ended
    return True


def build_editions(
    run: Run, *, jobs: int, use_cache: bool, progress: Callable[[ChapterRun], None] | None = None
) -> list[ChapterRun]:
    """Execute and render each earlier edition the latest cycle's site publishes (re-using unchanged ones)."""
    runs: list[ChapterRun] = []
    for earlier in editions.earlier_runs(run):
        runs += execute(earlier, jobs=jobs, use_cache=use_cache, progress=progress)
        render(earlier, force=not use_cache)
    return runs


def write_downloads(run: Run) -> list[Path]:
    """The workbook and the CSV zip beside the figures, so both renderers publish them; privacy-checked."""
    from rssreview.book import edition
    from rssreview.present.downloads import write_downloads as write

    downloads = write(run.tables, run.cycle, edition.edition_date())
    checks.check_private(run.tables, [], downloads=[d for d in downloads if d.suffix == ".xlsx"], include_tables=False)
    return downloads


def render_into(
    run: Run,
    stage: Path,
    formats: Sequence[str] | None = None,
    before_resources: Callable[[], object] | None = None,
    editions: Sequence[EditionLink] = (),
) -> RenderResult:
    """The built-in renderer's pages (and, unless `formats` leaves them out, PDFs) in the empty folder `stage`.

    `before_resources` is waited for before the figures (with the downloads) are copied into the site; `editions`
    are the site's editions each page links to (in a preview, those already built).
    """
    from rssreview.book import edition
    from rssreview.book.render import FORMATS, render_book
    from rssreview.present import easy_read

    built = edition.edition_date()
    return render_book(
        stage,
        notebooks={src.relative_to(ROOT).as_posix(): dst for src, dst in targets(run)},
        draft=run.draft,
        cycle=run.cycle,
        pdf_date=built,
        formats=formats or FORMATS,
        front_matter=edition.book_front_matter(run.tables, run.cycle, built),
        easy_read_back=easy_read.back_page(run.tables, run.cycle, built),
        before_resources=before_resources,
        editions=editions,
    )
