"""The `rssreview` command: validate, execute, render and publish the book, and look after cycles."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import date

from tqdm import tqdm

from rssreview import run as run_object
from rssreview.paths import ROOT, display_path
from rssreview.run import Run


def _fail(message: str) -> int:
    print(f"rssreview: {message}", file=sys.stderr)
    return 1


def _resolve(args) -> Run:
    """The run object, resolved once from the command line (and the Makefile's CYCLE= and DRAFT=)."""
    return run_object.resolve(args.cycle, draft=getattr(args, "draft", False),
                              builtin=getattr(args, "builtin", False))


def cmd_validate(args) -> int:
    from rssreview import checks, evidence, national

    try:
        run = _resolve(args)
        checks.check_publishable(run.tables, run.cycle, draft=True)
        figures = national.load_national_figures()
        indicators = national.build_indicators()
    except (evidence.EvidenceError, ValueError, checks.PublicationRefused) as err:
        return _fail(str(err))
    tables = run.tables
    print(f"evidence tables valid: {len(tables.recommendations)} recommendations, {len(tables.cycles)} cycles, "
          f"{len(tables.evidence)} evidence items; no personal data found")
    print(f"national data valid: {len(figures)} embedded figures; {len(indicators):,} indicator rows")
    return 0


def _execute(run: Run, *, jobs: int, use_cache: bool) -> list:
    from rssreview.book import pipeline

    with tqdm(total=len(pipeline.targets(run)), desc=f"chapters ({run.cycle})", unit="chapter", file=sys.stderr,
              disable=None) as bar:
        def tick(chapter):
            bar.update(1)
            bar.write(f"  {'re-used ' if chapter.reused else 'executed'}  {chapter.source.name}", file=sys.stderr)
        return pipeline.execute(run, jobs=jobs, use_cache=use_cache, progress=tick)


def cmd_execute(args) -> int:
    from rssreview import evidence
    from rssreview.book.execute import ExecutionError
    from rssreview.book.render.errors import RenderError

    try:
        runs = _execute(_resolve(args), jobs=args.jobs, use_cache=not args.no_cache)
    except (ExecutionError, evidence.EvidenceError, RenderError, ValueError) as err:
        return _fail(str(err))
    reused = sum(r.reused for r in runs)
    print(f"{len(runs) - reused} chapter(s) executed, {reused} re-used from the cache")
    return 0


def cmd_render(args) -> int:
    from rssreview import checks, evidence
    from rssreview.book import pipeline
    from rssreview.book.render.errors import RenderError

    try:
        run = _resolve(args)
        rendered = pipeline.render(run, force=args.force)
    except (RenderError, subprocess.CalledProcessError, evidence.EvidenceError, checks.PublicationRefused,
            ValueError) as err:
        return _fail(f"nothing published, previous output left in place: {err}")
    print(f"{'published' if rendered else 'already up to date:'} {run.cycle} in {display_path(run.output)}/")
    return 0


def cmd_build(args) -> int:
    from rssreview import checks, evidence, national
    from rssreview.book import pipeline
    from rssreview.book.execute import ExecutionError
    from rssreview.book.render.errors import RenderError

    try:
        run = _resolve(args)
        checks.check_publishable(run.tables, run.cycle, draft=run.draft)
        national.build_indicators()
        started = time.perf_counter()
        runs = _execute(run, jobs=args.jobs, use_cache=not args.no_cache)
        executed = time.perf_counter()
        fresh = pipeline.render(run, force=args.no_cache)
        rendered = time.perf_counter()
    except (evidence.EvidenceError, checks.PublicationRefused, ExecutionError, RenderError, ValueError,
            subprocess.CalledProcessError) as err:
        return _fail(f"nothing published: {err}")
    reused = sum(r.reused for r in runs)
    print(f"timings: execute {executed - started:.1f} s, render {rendered - executed:.1f} s")
    state = "published" if fresh else "nothing changed in"
    print(f"{len(runs) - reused} chapter(s) executed, {reused} re-used; {state} {run.cycle} at "
          f"{display_path(run.output)}/")
    return 0


def cmd_preview(args) -> int:
    from rssreview import evidence
    from rssreview.book import preview

    try:
        session = preview.Preview(lambda: _resolve(args), jobs=args.jobs)
    except (evidence.EvidenceError, ValueError) as err:
        return _fail(str(err))
    return preview.serve(session, port=args.port, open_browser=args.open)


def cmd_assets(args) -> int:
    from rssreview.book.render import write_vega_bundle

    write_vega_bundle(ROOT)
    return 0


def cmd_fetch(args) -> int:
    from rssreview import national

    try:
        results = national.fetch(downloaded_on=date.today(), replace=args.replace)
    except (national.NationalDataError, ValueError, OSError) as err:
        return _fail(f"fetch stopped: {err}")
    if not results:
        print("data/raw/manifest.csv lists no files: add a row per file to download (see data/raw/README.md)")
    for result in results:
        backup = f" (previous copy kept as {result.backup.name})" if result.backup else ""
        print(f"{result.status:11} {result.file} {result.sha256[:12]}{backup}")
    return 0


def cmd_new_cycle(args) -> int:
    from rssreview import evidence
    from rssreview.evidence.new_cycle import new_cycle

    try:
        count = new_cycle(args.cycle_id, published=args.published, source_url=args.source_url,
                          data_month=args.data_month, title=args.title)
    except evidence.EvidenceError as err:
        return _fail(f"nothing changed: {err}")
    print(f"added cycle {args.cycle_id}: {count} ratings copied as drafts to review in data/evidence/ratings.csv; "
          f"add the cycle's evidence to data/evidence/evidence.csv, set review_state to final when reviewed, "
          f"then run make report (make report DRAFT=1 builds a watermarked draft before then)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rssreview", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func, help_text: str, *, cycle: bool = True):
        p = sub.add_parser(name, help=help_text, description=help_text)
        if cycle:
            p.add_argument("--cycle", help="cycle id such as 2022-03 (default: RSSREVIEW_CYCLE or the latest)")
        p.set_defaults(func=func)
        return p

    add("validate", cmd_validate, "check the evidence tables and the privacy guard")
    for name, func, text in (("execute", cmd_execute, "execute every chapter notebook in report order"),
                             ("build", cmd_build, "validate, execute and render the whole publication")):
        p = add(name, func, text)
        p.add_argument("--jobs", type=int, default=2, help="chapters to execute at once (default 2)")
        p.add_argument("--no-cache", action="store_true", help="execute and render everything even if unchanged")
        if name == "build":
            p.add_argument("--draft", action="store_true", help="allow draft ratings; watermark every page")
            p.add_argument("--builtin", action="store_true", help="use pandoc + Typst even if Quarto is installed")
    p = add("render", cmd_render, "render the executed book to HTML and PDF")
    p.add_argument("--draft", action="store_true", help="watermark every page as a draft")
    p.add_argument("--force", action="store_true", help="render even if the output is already up to date")
    p.add_argument("--builtin", action="store_true", help="use pandoc + Typst even if Quarto is installed")
    p = add("preview", cmd_preview, "build, serve the site on 127.0.0.1 and rebuild after each edit")
    p.add_argument("--port", type=int, default=4848, help="port to serve on (default 4848; 0 picks a free one)")
    p.add_argument("--open", action="store_true", help="open the site in the default browser")
    p.add_argument("--draft", action="store_true", help="allow draft ratings; watermark every page")
    p.add_argument("--jobs", type=int, default=2, help="chapters to execute at once (default 2)")
    p = add("new-cycle", cmd_new_cycle, "start a new cycle: its cycles.csv row and draft ratings", cycle=False)
    p.add_argument("cycle_id", help="the new cycle's id, YYYY-MM")
    p.add_argument("--published", required=True, help="publication date, YYYY-MM-DD")
    p.add_argument("--source-url", required=True, help="the web address of the new report")
    p.add_argument("--data-month", help="latest month of national data used, YYYY-MM (default: the previous cycle's)")
    p.add_argument("--title", help="the report's title (default: built from the cycle id)")
    p = add("fetch", cmd_fetch, "download the official files listed in data/raw/manifest.csv (needs a network)",
            cycle=False)
    p.add_argument("--replace", action="store_true",
                   help="download again a file whose checksum differs, keeping the old one as a backup")
    add("assets", cmd_assets, "write the site's Vega bundle into figures/vendor/ (Quarto pre-render)", cycle=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
