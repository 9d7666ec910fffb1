"""Every edition stays published: the latest at the site's root, each earlier cycle under `editions/<cycle>/`.

`rssreview build` of the latest cycle (`make report`) also builds each earlier cycle (from the caches when its
inputs are unchanged) into `_book-<cycle>/`, which is that edition exactly as it sits under `editions/<cycle>/`
in the site; the latest render then copies each one in. Every page names its edition and links to the same page
in the others. An earlier edition's downloads are also copied to `figures/<cycle>/` at the site's root, the
address its PDF links to, so links printed in any edition's PDF keep working when a later edition is published.

Quarto renders one edition, the latest (`quarto render`); the earlier editions come from `make report`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from rssreview.book.render.errors import RenderError
from rssreview.book.render.site import EditionLink
from rssreview.paths import display_path
from rssreview.present.words import long_date
from rssreview.publication import edition_folder
from rssreview.run import BUILTIN, Run, output_folder


def label(tables, cycle_id: str) -> str:
    """How an edition is named to readers: the month of the report it rebuilds ("March 2022 edition")."""
    return f"{long_date(str(tables.cycle(cycle_id)['publication_date'])[:7])} edition"


def links(run: Run, earlier: Sequence[Run] | None = None) -> tuple[EditionLink, ...]:
    """The editions a published page links to, newest first; none for a draft (which publishes no editions).

    With `earlier`, only those earlier editions (the ones a Quarto render finds built) beside the run's own."""
    if run.draft:
        return ()
    tables = run.tables
    latest = tables.latest_cycle()
    cycles = tables.cycles.sort_values("publication_date", ascending=False)["cycle_id"]
    if earlier is not None:
        cycles = cycles[cycles.isin([run.cycle, *(e.cycle for e in earlier)])]
    return tuple(EditionLink(label(tables, c), edition_folder(c, latest), c == run.cycle) for c in cycles)


def earlier_runs(run: Run) -> list[Run]:
    """The earlier cycles' runs that the latest cycle's build publishes with it (none for a draft or an earlier
    cycle). They always use the built-in renderer: Quarto renders the committed notebooks of the latest only."""
    if run.draft or not run.latest:
        return []
    tables = run.tables
    cycles = tables.cycles.sort_values("publication_date", ascending=False)["cycle_id"]
    return [
        dataclasses.replace(run, cycle=c, renderer=BUILTIN, output=output_folder(c, tables))
        for c in cycles
        if c != run.cycle
    ]


def built_earlier_runs(run: Run) -> list[Run]:
    """The earlier editions already built (`make report` builds them), which a Quarto render publishes."""
    return [earlier for earlier in earlier_runs(run) if _built_key(earlier.output)]


def finish_quarto_site(output: Path, run: Run) -> list[Path]:
    """After `quarto render` (its post-render step): copy in each earlier edition that is built and give Quarto's
    pages the lines Quarto cannot draw itself, the local-build line and the edition line (render.quarto_pages)."""
    from rssreview.book.render.quarto_config import read_book_config
    from rssreview.book.render.quarto_pages import finish_pages
    from rssreview.paths import QUARTO_YML

    earlier = built_earlier_runs(run)
    for done in earlier:  # a page-only re-render by Quarto keeps the folders an earlier run copied in
        shutil.rmtree(output / edition_folder(done.cycle, done.tables.latest_cycle()), ignore_errors=True)
    publish_into(output, earlier)
    return finish_pages(output, read_book_config(QUARTO_YML), links(run, earlier))


def render_key(key: str, earlier: list[Run]) -> str:
    """The latest edition's render key with each earlier edition's: the site is made again when one changes."""
    digest = hashlib.sha256(key.encode())
    for run in earlier:
        digest.update(f"\0{run.cycle}\0{_built_key(run.output)}".encode())
    return digest.hexdigest()


def _built_key(output: Path) -> str:
    try:
        return str(json.loads((output / "build-manifest.json").read_text(encoding="utf-8")).get("render_key", ""))
    except (OSError, json.JSONDecodeError):
        return ""


def publish_into(stage: Path, earlier: list[Run]) -> None:
    """Copy each earlier edition into the staging site, and its downloads to their address at the root."""
    for run in earlier:
        if not _built_key(run.output):
            raise RenderError(
                f"the {run.cycle} edition is not built in {display_path(run.output)}/; "
                "make report (rssreview build) builds every edition"
            )
        shutil.copytree(run.output, stage / edition_folder(run.cycle, run.tables.latest_cycle()))
        figures = run.output / "figures" / run.cycle
        if figures.is_dir():
            shutil.copytree(figures, stage / "figures" / run.cycle, dirs_exist_ok=True)
