"""Which cycle (published report) the build is for.

One setting chooses it for every tool: the environment variable RSSREVIEW_CYCLE,
which `make report CYCLE=…` and `rssreview execute --cycle …` set. Without it, the
latest cycle in data/evidence/cycles.csv is used.
"""

from __future__ import annotations

import os
from functools import lru_cache

from rssreview import evidence

CYCLE_ENV = "RSSREVIEW_CYCLE"
DRAFT_ENV = "RSSREVIEW_DRAFT"


@lru_cache(maxsize=1)
def tables() -> evidence.EvidenceTables:
    """The validated evidence tables, loaded once per process."""
    return evidence.load()


def cycle_id(requested: str | None = None) -> str:
    """The cycle to report on: an explicit request, the environment, or the latest cycle."""
    data = tables()
    chosen = requested or os.environ.get(CYCLE_ENV) or data.latest_cycle()
    known = list(data.cycles["cycle_id"])
    if chosen not in known:
        raise ValueError(f"Unknown cycle {chosen!r}: data/evidence/cycles.csv has {', '.join(known)}")
    return chosen


def draft_allowed() -> bool:
    """Whether this build may include ratings still marked as drafts."""
    return os.environ.get(DRAFT_ENV, "") in {"1", "true", "yes"}
