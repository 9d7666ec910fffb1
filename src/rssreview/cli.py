"""The `rssreview` command: validate, execute, render and publish the book, and look after cycles."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import traceback
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rssreview import bytecode
from rssreview.config import DEFAULT_JOBS
from rssreview.paths import BOOK, BUILD, ROOT, display_path

if TYPE_CHECKING:
    from rssreview.run import Run

#: Exit status of a refusal (bad input, or a build that would publish something wrong); argparse uses it too.
REFUSED = 2
#: Lines of problems shown; the rest are counted, so a long list never floods the terminal.
SHOWN_LINES = 60


def _fail(message: str) -> int:
    """Print a refusal (one line per problem, a long list cut short with a count) and return exit status 2."""
    lines = str(message).splitlines() or [""]
    if len(lines) > SHOWN_LINES + 1:
        more = len(lines) - SHOWN_LINES
        lines = [*lines[:SHOWN_LINES], f"… and {more:,} more problems (not shown); fix these first"]
    print(f"rssreview: {lines[0]}", *lines[1:], sep="\n", file=sys.stderr)
    return REFUSED


def _resolve(args) -> Run:
    """The run object, resolved once from the command line (and the Makefile's CYCLE= and DRAFT=)."""
    from rssreview import run as run_object

    return run_object.resolve(args.cycle, draft=getattr(args, "draft", False), builtin=getattr(args, "builtin", False))


def cmd_validate(args) -> int:
    from rssreview import checks, evidence, national

    problems = []
    try:
        run = _resolve(args)
    except (evidence.EvidenceError, ValueError) as err:
        problems.append(str(err))
    problems += checks.registered_problems()  # every other table and setting, each by its registered loader
    if problems:
        return _fail("\n".join(problems))
    try:
        checks.check_publishable(run.tables, run.cycle, draft=True)
        figures = national.load_national_figures()
        indicators = national.build_indicators()
    except (evidence.EvidenceError, ValueError, checks.PublicationRefused) as err:
        return _fail(str(err))
    tables = run.tables
    print(
        f"evidence tables valid: {len(tables.recommendations)} recommendations, {len(tables.cycles)} cycles, "
        f"{len(tables.evidence)} evidence items; no personal data found"
    )
    print(f"national data valid: {len(figures)} embedded figures; {len(indicators):,} indicator rows")
    return 0


def _execute(run: Run, *, jobs: int, use_cache: bool) -> list:
    """Execute the chapters with a progress bar (the privacy guard runs before and after, in the pipeline)."""
    from tqdm import tqdm

    from rssreview.book import pipeline

    with tqdm(
        total=len(pipeline.targets(run)), desc=f"chapters ({run.cycle})", unit="chapter", file=sys.stderr, disable=None
    ) as bar:

        def tick(chapter):
            bar.update(1)
            bar.write(f"  {'re-used ' if chapter.reused else 'executed'}  {chapter.source.name}", file=sys.stderr)

        return pipeline.execute(run, jobs=jobs, use_cache=use_cache, progress=tick)


def _interrupted() -> int:
    """Ctrl+C: say so in one line (the build publishes only whole, so nothing was) and exit as the shell expects."""
    print("rssreview: interrupted; nothing published", file=sys.stderr)
    return 130


def _kept_seconds() -> int:
    """RSSREVIEW_KEEP_WARM's seconds, or 0 when it is not a number (resolving the run then reports it)."""
    from rssreview import config

    try:
        return config.keep_warm()
    except ValueError:
        return 0


def _warm_up() -> None:
    """Start the resident warm server now (if one is kept), so its imports overlap this command's checks."""
    from rssreview.book import execute

    keep = _kept_seconds()
    if keep:
        execute.warm_up(keep)


def cmd_execute(args) -> int:
    from rssreview import evidence
    from rssreview.book.execute import ExecutionError
    from rssreview.book.render.errors import RenderError

    _warm_up()
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
    from rssreview.book.execute import ExecutionError
    from rssreview.book.render.errors import RenderError

    try:
        run = _resolve(args)
        rendered = pipeline.render(run, force=args.force)
    except (
        ExecutionError,  # an earlier edition the site publishes is executed first when it is out of date
        RenderError,
        subprocess.CalledProcessError,
        evidence.EvidenceError,
        checks.PublicationRefused,
        ValueError,
    ) as err:
        return _fail(f"nothing published, previous output left in place: {err}")
    print(f"{'published' if rendered else 'already up to date:'} {run.cycle} in {display_path(run.output)}/")
    return 0


def cmd_build(args) -> int:
    from rssreview import checks, evidence, publication, release
    from rssreview.book import pipeline
    from rssreview.book.execute import ExecutionError
    from rssreview.book.render.errors import RenderError

    _warm_up()
    try:
        run = _resolve(args)
        release.release()  # both settings files are checked before any chapter runs, each problem in one line
        publication.settings()
        checks.check_publishable(run.tables, run.cycle, draft=run.draft)
        started = time.perf_counter()
        runs = _execute(run, jobs=args.jobs, use_cache=not args.no_cache)
        runs += pipeline.build_editions(run, jobs=args.jobs, use_cache=not args.no_cache)  # earlier editions
        executed = time.perf_counter()
        fresh = pipeline.render(run, force=args.no_cache)
        rendered = time.perf_counter()
    except (
        evidence.EvidenceError,
        checks.PublicationRefused,
        ExecutionError,
        RenderError,
        ValueError,
        subprocess.CalledProcessError,
    ) as err:
        return _fail(f"nothing published: {err}")
    reused = sum(r.reused for r in runs)
    print(f"timings: execute {executed - started:.1f} s, render {rendered - executed:.1f} s")
    state = "published" if fresh else "nothing changed in"
    print(
        f"{len(runs) - reused} chapter(s) executed, {reused} re-used; {state} {run.cycle} at "
        f"{display_path(run.output)}/"
    )
    return 0


def cmd_preview(args) -> int:
    from rssreview import evidence
    from rssreview.book import preview

    try:
        session = preview.Preview(lambda: _resolve(args), jobs=args.jobs)
    except (evidence.EvidenceError, ValueError) as err:
        return _fail(str(err))
    return preview.serve(session, port=args.port, open_browser=args.open)


def cmd_stop(args) -> int:
    from rssreview.book import resident

    stopped = resident.stop()
    print(
        "stopped the warm kernel server kept for this project"
        if stopped
        else "no warm kernel server was running for this project"
    )
    return 0


def cmd_assets(args) -> int:
    from rssreview import evidence
    from rssreview.book import edition
    from rssreview.book.render.errors import RenderError

    try:
        run = _resolve(args)
        written = edition.prepare_quarto(run.tables, run.cycle)
    except (evidence.EvidenceError, RenderError, ValueError, OSError) as err:
        return _fail(f"Quarto's pre-render step stopped: {err}")
    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


def cmd_easy_read_pdf(args) -> int:
    """Quarto's post-render step: the Easy Read PDF from the committed notebook, into Quarto's output folder."""
    from rssreview import evidence
    from rssreview.book.edition import edition_date
    from rssreview.book.render.easy_read_pdf import write_easy_read_pdf
    from rssreview.book.render.errors import RenderError
    from rssreview.book.render.quarto_config import read_book_config
    from rssreview.book.render.sources import load_chapters
    from rssreview.paths import QUARTO_YML
    from rssreview.present import easy_read

    out = Path(args.out or os.environ.get("QUARTO_PROJECT_OUTPUT_DIR") or BOOK)
    out = out if out.is_absolute() else ROOT / out
    try:
        run = _resolve(args)
        book = read_book_config(QUARTO_YML)
        written = write_easy_read_pdf(
            book,
            load_chapters(book, ROOT, None),
            out,
            draft=run.draft,
            pdf_date=edition_date(),
            back_page=easy_read.back_page(run.tables, run.cycle, edition_date()),
        )
    except (RenderError, evidence.EvidenceError, ValueError) as err:
        return _fail(f"no Easy Read PDF written: {err}")
    print(f"Easy Read PDF: {display_path(written) if written else 'none (_quarto.yml names no easy-read chapter)'}")
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
        count = new_cycle(
            args.cycle_id,
            published=args.published,
            source_url=args.source_url,
            data_month=args.data_month,
            title=args.title,
        )
    except evidence.EvidenceError as err:
        return _fail(f"nothing changed: {err}")
    print(
        f"added cycle {args.cycle_id}: {count} ratings copied as drafts to review in data/evidence/ratings.csv; "
        f"add the cycle's evidence to data/evidence/evidence.csv, set review_state to final when reviewed, "
        f"then run make report (make report DRAFT=1 builds a watermarked draft before then)"
    )
    return 0


def cmd_manifest_update(args) -> int:
    from rssreview import national
    from rssreview.national.recording import update_manifest
    from rssreview.paths import RAW

    try:
        recorded = update_manifest(RAW, args.file)
    except national.NationalDataError as err:
        return _fail(f"manifest unchanged: {err}")
    changes = recorded.changes()
    action = "added" if recorded.before is None else "updated" if changes else "already current:"
    print(f"data/raw/manifest.csv {action} {recorded.after.file}" + "".join(f"\n  {c}" for c in changes))
    return 0


def cmd_diff(args) -> int:
    """Build the publication before and after a change and report what changed for readers."""
    from rssreview.book.render.quarto_config import read_book_config
    from rssreview.diff import compare, report, snapshot, worktree
    from rssreview.paths import QUARTO_YML

    try:
        if args.sites:
            before, after = (Path(site).resolve() for site in args.sites)
            for site in (before, after):
                if not (site / "index.html").is_file():
                    return _fail(f"{site}: expected a built site (a folder with index.html), found none")
            labels = (display_path(before), display_path(after))
            seconds = 0.0
        else:
            builds = worktree.build_both(args.base, echo=lambda line: print(f"rssreview: {line}", file=sys.stderr))
            before, after, labels = builds.before, builds.after, (builds.before_label, builds.after_label)
            seconds = builds.seconds
        started = time.perf_counter()
        comparison = compare.compare(snapshot.read_site(before), snapshot.read_site(after))
        out = Path(args.out).resolve() if args.out else worktree.OUTPUT
        written = report.write(
            comparison,
            out,
            old_site=before,
            new_site=after,
            before=labels[0],
            after=labels[1],
            title=read_book_config(QUARTO_YML).title,
        )
    except worktree.DiffError as err:
        return _fail(f"no diff written: {err}")
    print(written[0].read_text(encoding="utf-8"), end="")
    compared = time.perf_counter() - started
    print(
        f"rssreview: wrote {display_path(written[0])} and {display_path(written[1])} "
        f"(builds {seconds:.1f} s, comparison {compared:.1f} s)",
        file=sys.stderr,
    )
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
    for name, func, text in (
        ("execute", cmd_execute, "execute every chapter notebook in report order"),
        ("build", cmd_build, "validate, execute and render the whole publication"),
    ):
        p = add(name, func, text)
        p.add_argument(
            "--jobs", type=int, default=DEFAULT_JOBS, help=f"chapters to execute at once (default {DEFAULT_JOBS})"
        )
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
    p.add_argument(
        "--jobs", type=int, default=DEFAULT_JOBS, help=f"chapters to execute at once (default {DEFAULT_JOBS})"
    )
    add(
        "stop",
        cmd_stop,
        "stop the warm kernel server kept between builds (RSSREVIEW_KEEP_WARM seconds, default 300)",
        cycle=False,
    )
    p = add("new-cycle", cmd_new_cycle, "start a new cycle: its cycles.csv row and draft ratings", cycle=False)
    p.add_argument("cycle_id", help="the new cycle's id, YYYY-MM")
    p.add_argument("--published", required=True, help="publication date, YYYY-MM-DD")
    p.add_argument("--source-url", required=True, help="the web address of the new report")
    p.add_argument("--data-month", help="latest month of national data used, YYYY-MM (default: the previous cycle's)")
    p.add_argument("--title", help="the report's title (default: built from the cycle id)")
    p = add(
        "fetch", cmd_fetch, "download the official files listed in data/raw/manifest.csv (needs a network)", cycle=False
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="download again a file whose checksum differs, keeping the old one as a backup",
    )
    p = add("manifest", None, "look after data/raw/manifest.csv", cycle=False)
    actions = p.add_subparsers(dest="action", required=True)
    update = actions.add_parser(
        "update",
        help="record a raw file's SHA-256, size and period in its manifest row "
        "(adding a row if it has none), after checking that it loads",
        description="Record a file in data/raw/ as it is now: use after replacing a file "
        "on purpose (a re-issue, or a copy you have checked).",
    )
    update.add_argument("file", help="the file's name in data/raw/")
    update.set_defaults(func=cmd_manifest_update)
    p = add(
        "diff",
        cmd_diff,
        "build the publication at a git revision and at the working tree, and report what changed for "
        "readers (Markdown and an HTML page in _diff/)",
        cycle=False,
    )
    p.add_argument("base", nargs="?", default="HEAD", help="the revision to compare with (default HEAD)")
    p.add_argument("--out", help="folder for diff.md and index.html (default _diff/)")
    p.add_argument(
        "--sites",
        nargs=2,
        metavar=("BEFORE", "AFTER"),
        help="compare two sites already built (folders like _book/) instead of building",
    )
    add(
        "assets",
        cmd_assets,
        "write what Quarto's render needs besides the notebooks: the Vega bundle, the "
        "workbook and the PDF's front matter (Quarto's pre-render step)",
    )
    p = add(
        "easy-read-pdf",
        cmd_easy_read_pdf,
        "write the Easy Read PDF into the site folder (Quarto post-render; `render` does it itself)",
    )
    p.add_argument("--out", help="site folder (default: QUARTO_PROJECT_OUTPUT_DIR, else _book)")
    p.add_argument("--draft", action="store_true", help="watermark it as a draft")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command: in a process forked from the project's resident warm server if one is kept, else here."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        bytecode.hash_checked()  # before any module of the build is imported, here or in a server it starts
        code = _delegated(argv)
    except KeyboardInterrupt:
        return _interrupted()
    return run_command(argv) if code is None else code


def _delegated(argv: list[str]) -> int | None:
    """The exit status of the command run by the resident server (book/resident.py); None to run it here."""
    from rssreview.book import resident

    command = next((arg for arg in argv if not arg.startswith("-")), None)
    if command not in resident.DELEGATED or {"-h", "--help"} & set(argv):
        return None
    return resident.delegate(argv) if _kept_seconds() else None


def run_command(argv: list[str]) -> int:
    """Run one command here; whatever goes wrong, the user sees a message, never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return _interrupted()
    except (ValueError, OSError) as err:  # bad input the command did not name itself (UnicodeError is a ValueError)
        return _fail(f"{type(err).__name__}: {err}" if isinstance(err, OSError) else str(err))
    except Exception as err:  # a fault in rssreview itself: keep the details for a bug report
        log = BUILD / "last-error.txt"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(traceback.format_exc(), encoding="utf-8")
        print(
            f"rssreview: internal error ({type(err).__name__}: {err}); nothing published. Please report it "
            f"with {log.relative_to(ROOT)}",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
