"""The run object: which cycle a build is for, with its options, resolved once and passed down.

The command line resolves it from its arguments (which the Makefile fills from CYCLE= and DRAFT=);
a chapter notebook resolves it from its parameter cell, falling back to the cycle the build handed
to its kernel (see `config`). Nothing below reads the environment again.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rssreview import config, evidence, limits
from rssreview.paths import BOOK, ROOT

BUILTIN = "built-in (pandoc + typst)"
QUARTO = "quarto"


@dataclass(frozen=True)
class Run:
    """One build: the cycle, the options, the renderer and where the output goes."""

    cycle: str
    draft: bool
    renderer: str
    root: Path
    output: Path
    tables: evidence.EvidenceTables = field(repr=False, compare=False)
    #: Seconds the warm kernel server stays for the next build (config.keep_warm; 0: stopped with this one).
    keep_warm: int = 0

    @property
    def latest(self) -> bool:
        """Whether this is the latest cycle (whose chapters execute into the committed notebooks)."""
        return self.cycle == self.tables.latest_cycle()

    @property
    def quarto(self) -> str | None:
        """The Quarto executable when Quarto renders this run."""
        return shutil.which("quarto") if self.renderer == QUARTO else None

    def environment(self) -> dict[str, str]:
        """The environment for a child process (kernel or Quarto) working on this run."""
        return config.child_environment(self.cycle, self.draft)


def known_cycle(tables: evidence.EvidenceTables, requested: str | None) -> str:
    """The requested cycle if data/evidence/cycles.csv has it, the latest if none was requested."""
    chosen = requested or tables.latest_cycle()
    known = list(tables.cycles["cycle_id"])
    if chosen not in known:
        raise ValueError(f"Unknown cycle {chosen!r}: data/evidence/cycles.csv has {', '.join(known)}")
    return chosen


def output_folder(cycle: str, tables: evidence.EvidenceTables) -> Path:
    """The latest cycle publishes to _book/; an earlier one to _book-<cycle>/."""
    return BOOK if cycle == tables.latest_cycle() else BOOK.with_name(f"_book-{cycle}")


def resolve(
    cycle: str | None = None,
    *,
    draft: bool = False,
    builtin: bool = False,
    tables: evidence.EvidenceTables | None = None,
) -> Run:
    """Resolve a run from explicit choices, the environment handed down by a parent process, and the data."""
    request = config.requested(cycle, draft)
    keep_warm = config.keep_warm()
    if tables is None:
        limits.check_data_tree()  # sizes, links and names first, before any file is parsed
        tables = _loaded_tables(evidence.digest())
    chosen = known_cycle(tables, request.cycle)
    renderer = QUARTO if not builtin and shutil.which("quarto") else BUILTIN
    return Run(
        cycle=chosen,
        draft=request.draft,
        renderer=renderer,
        root=ROOT,
        output=output_folder(chosen, tables),
        tables=tables,
        keep_warm=keep_warm,
    )


TABLES_EVENT = "rssreview.run.tables"


def tables() -> evidence.EvidenceTables:
    """The validated evidence tables, loaded once per process (one kernel runs one chapter).

    Raises an audit event first, so a warm kernel that was handed tables loaded before it
    started still records the files they came from (see book/warm.py).
    """
    sys.audit(TABLES_EVENT)
    return _loaded_tables(evidence.digest())


@lru_cache(maxsize=1)
def _loaded_tables(digest: str) -> evidence.EvidenceTables:
    """The tables for one state of data/evidence/ (`digest`): a long-lived process loads them again after an edit."""
    return evidence.load()


def cycle_id(requested: str | None = None) -> str:
    """A chapter's cycle: its parameter cell's value, else the one its build handed it, else the latest."""
    return known_cycle(tables(), config.requested(requested).cycle)
