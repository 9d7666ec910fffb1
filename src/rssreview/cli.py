"""The `rssreview` command: validate, execute, render and publish the book, and look after cycles."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import traceback
from datetime import date
from pathlib import Path

from tqdm import tqdm

from rssreview import config
from rssreview.paths import BOOK, BUILD, ROOT


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


def output_folder(cycle_id: str, tables) -> Path:
    """The latest cycle publishes to _book/; an earlier one to _book-<cycle>/."""
    return BOOK if cycle_id == tables.latest_cycle() else BOOK.with_name(f"_book-{cycle_id}")


def notebook_targets(cycle_id: str, tables) -> list[tuple[Path, Path]]:
    """Where each chapter executes: in place for the latest cycle, in a scratch copy for others."""
    from rssreview.book.chapters import notebooks

    sources = notebooks()
    if cycle_id == tables.latest_cycle():
        return [(nb, nb) for nb in sources]
    scratch = BUILD / "cycles" / cycle_id / "notebooks"
    return [(nb, scratch / nb.name) for nb in sources]


def cmd_validate(args) -> int:
    from rssreview import checks, evidence, national

    try:
        cycle_id, tables = _prepare(args)
        checks.check_publishable(tables, cycle_id, draft=True)
        figures = national.load_national_figures()
        indicators = national.build_indicators()
    except (evidence.EvidenceError, ValueError, checks.PublicationRefused) as err:
        return _fail(str(err))
    print(f"evidence tables valid: {len(tables.recommendations)} recommendations, {len(tables.cycles)} cycles, "
          f"{len(tables.evidence)} evidence items; no personal data found")
    print(f"national data valid: {len(figures)} embedded figures; {len(indicators):,} indicator rows")
    return 0


def _execute(cycle_id: str, tables, *, jobs: int, use_cache: bool) -> list:
    """Execute the chapters, with the privacy guard before (tables, Markdown) and after (every output)."""
    from rssreview import checks
    from rssreview.book.execute import execute_all

    pairs = notebook_targets(cycle_id, tables)
    checks.check_private(tables, [src for src, _ in pairs], outputs=False)
    with tqdm(total=len(pairs), desc=f"chapters ({cycle_id})", unit="chapter", file=sys.stderr,
              disable=None) as bar:
        def tick(run):
            bar.update(1)
            bar.write(f"  {'re-used ' if run.reused else 'executed'}  {run.source.name}", file=sys.stderr)
        runs = execute_all(pairs, cycle_id, jobs=jobs, use_cache=use_cache, progress=tick)
    checks.check_private(tables, [dst for _, dst in pairs], downloads=checks.downloads(cycle_id))
    return runs


def cmd_execute(args) -> int:
    from rssreview import evidence, national
    from rssreview.book.execute import ExecutionError

    try:
        cycle_id, tables = _prepare(args)
        national.build_indicators()  # refuse bad raw files here, listing every problem, not in a chapter's cell
        runs = _execute(cycle_id, tables, jobs=args.jobs, use_cache=not args.no_cache)
    except (ExecutionError, evidence.EvidenceError, ValueError) as err:
        return _fail(str(err))
    reused = sum(r.reused for r in runs)
    print(f"{len(runs) - reused} chapter(s) executed, {reused} re-used from the cache")
    return 0


def _prepare(args):
    from rssreview import evidence, limits

    limits.check_data_tree()
    tables = evidence.load()
    cycle_id = config.cycle_id(args.cycle)
    os.environ[config.CYCLE_ENV] = cycle_id
    return cycle_id, tables


def _render(cycle_id: str, tables, *, draft: bool, builtin: bool, force: bool = False) -> tuple[Path, bool]:
    """Render into a staging folder and swap it in; skip if the output is already current."""
    from rssreview.book import publish

    from rssreview import checks

    checks.check_publishable(tables, cycle_id, draft=draft)
    output = output_folder(cycle_id, tables)
    pairs = notebook_targets(cycle_id, tables)
    checks.check_private(tables, [dst for _, dst in pairs], downloads=checks.downloads(), include_tables=False)
    quarto = None if builtin else shutil.which("quarto")
    if quarto and (draft or cycle_id != tables.latest_cycle()):
        raise ValueError("Quarto renders the committed notebooks of the latest cycle only; build an earlier "
                         "cycle or a draft with --builtin")
    renderer = "quarto" if quarto else "built-in (pandoc + typst)"
    key = publish.render_key(cycle_id, renderer, draft, [dst for _, dst in pairs])
    publish.recover(output)
    if not force and publish.is_current(output, key):
        return output, False
    from rssreview.present.downloads import write_downloads

    downloads = write_downloads(tables, cycle_id)
    checks.check_private(tables, [], downloads=[d for d in downloads if d.suffix == ".xlsx"], include_tables=False)
    with publish.staging(output) as stage:
        if quarto:
            env = {**os.environ, config.CYCLE_ENV: cycle_id}
            subprocess.run([quarto, "render", "--output-dir", str(stage)], cwd=ROOT, env=env, check=True)
        else:
            from rssreview.book import edition
            from rssreview.book.render import render_book

            mapping = {src.relative_to(ROOT).as_posix(): dst for src, dst in pairs}
            built = edition.edition_date()
            render_book(stage, notebooks=mapping, draft=draft, cycle=cycle_id, pdf_date=built,
                        front_matter=edition.book_front_matter(tables, cycle_id, built))
        publish.write_manifest(stage, cycle_id, renderer, key)
    return output, True


def cmd_render(args) -> int:
    from rssreview import checks, evidence
    from rssreview.book.render.errors import RenderError

    try:
        cycle_id, tables = _prepare(args)
        output, rendered = _render(cycle_id, tables, draft=args.draft or config.draft_allowed(),
                                   builtin=args.builtin, force=args.force)
    except (RenderError, subprocess.CalledProcessError, evidence.EvidenceError, checks.PublicationRefused,
            ValueError) as err:
        return _fail(f"nothing published, previous output left in place: {err}")
    print(f"{'published' if rendered else 'already up to date:'} {cycle_id} in {output.relative_to(ROOT)}/")
    return 0


def cmd_build(args) -> int:
    from rssreview import checks, evidence, national
    from rssreview.book.execute import ExecutionError
    from rssreview.book.render.errors import RenderError

    try:
        cycle_id, tables = _prepare(args)
        draft = args.draft or config.draft_allowed()
        checks.check_publishable(tables, cycle_id, draft=draft)
        national.build_indicators()
        started = time.perf_counter()
        runs = _execute(cycle_id, tables, jobs=args.jobs, use_cache=not args.no_cache)
        executed = time.perf_counter()
        output, fresh = _render(cycle_id, tables, draft=draft, builtin=args.builtin, force=args.no_cache)
        rendered = time.perf_counter()
    except (evidence.EvidenceError, checks.PublicationRefused, ExecutionError, RenderError, ValueError,
            subprocess.CalledProcessError) as err:
        return _fail(f"nothing published: {err}")
    reused = sum(r.reused for r in runs)
    print(f"timings: execute {executed - started:.1f} s, render {rendered - executed:.1f} s")
    state = "published" if fresh else "nothing changed in"
    print(f"{len(runs) - reused} chapter(s) executed, {reused} re-used; {state} {cycle_id} at "
          f"{output.relative_to(ROOT)}/")
    return 0


def cmd_assets(args) -> int:
    from rssreview import evidence
    from rssreview.book import edition
    from rssreview.book.render.errors import RenderError

    try:
        cycle_id, tables = _prepare(args)
        written = edition.prepare_quarto(tables, cycle_id)
    except (evidence.EvidenceError, RenderError, ValueError, OSError) as err:
        return _fail(f"Quarto's pre-render step stopped: {err}")
    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


def cmd_easy_read_pdf(args) -> int:
    """Quarto's post-render step: the Easy Read PDF from the committed notebook, into Quarto's output folder."""
    from rssreview import evidence
    from rssreview.book.render.easy_read_pdf import write_easy_read_pdf
    from rssreview.book.render.errors import RenderError
    from rssreview.book.render.quarto_config import read_book_config
    from rssreview.book.render.sources import load_chapters
    from rssreview.paths import QUARTO_YML, display_path

    out = Path(args.out or os.environ.get("QUARTO_PROJECT_OUTPUT_DIR") or BOOK)
    out = out if out.is_absolute() else ROOT / out
    try:
        cycle_id, tables = _prepare(args)
        book = read_book_config(QUARTO_YML)
        written = write_easy_read_pdf(book, load_chapters(book, ROOT, None), out, draft=args.draft,
                                      pdf_date=date.fromisoformat(tables.cycle(cycle_id)["publication_date"]))
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
        count = new_cycle(args.cycle_id, published=args.published, source_url=args.source_url,
                          data_month=args.data_month, title=args.title)
    except evidence.EvidenceError as err:
        return _fail(f"nothing changed: {err}")
    print(f"added cycle {args.cycle_id}: {count} ratings copied as drafts to review in data/evidence/ratings.csv; "
          f"add the cycle's evidence to data/evidence/evidence.csv, set review_state to final when reviewed, "
          f"then run make report (make report DRAFT=1 builds a watermarked draft before then)")
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
    p = add("manifest", None, "look after data/raw/manifest.csv", cycle=False)
    actions = p.add_subparsers(dest="action", required=True)
    update = actions.add_parser("update", help="record a raw file's SHA-256, size and period in its manifest row "
                                "(adding a row if it has none), after checking that it loads",
                                description="Record a file in data/raw/ as it is now: use after replacing a file "
                                "on purpose (a re-issue, or a copy you have checked).")
    update.add_argument("file", help="the file's name in data/raw/")
    update.set_defaults(func=cmd_manifest_update)
    add("assets", cmd_assets, "write what Quarto's render needs besides the notebooks: the Vega bundle, the "
        "workbook and the PDF's front matter (Quarto's pre-render step)")
    p = add("easy-read-pdf", cmd_easy_read_pdf,
            "write the Easy Read PDF into the site folder (Quarto post-render; `render` does it itself)")
    p.add_argument("--out", help="site folder (default: QUARTO_PROJECT_OUTPUT_DIR, else _book)")
    p.add_argument("--draft", action="store_true", help="watermark it as a draft")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; whatever goes wrong, the user sees a message, never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("rssreview: interrupted; nothing published", file=sys.stderr)
        return 130
    except (ValueError, OSError) as err:  # bad input the command did not name itself (UnicodeError is a ValueError)
        return _fail(f"{type(err).__name__}: {err}" if isinstance(err, OSError) else str(err))
    except Exception as err:  # a fault in rssreview itself: keep the details for a bug report
        log = BUILD / "last-error.txt"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(traceback.format_exc(), encoding="utf-8")
        print(f"rssreview: internal error ({type(err).__name__}: {err}); nothing published. Please report it "
              f"with {log.relative_to(ROOT)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
