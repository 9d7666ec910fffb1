"""The settings a run is asked for, and the one place they cross a process boundary.

A build runs in several processes: the command line, the kernels that execute the chapters and,
where installed, Quarto. The command line passes the cycle and the draft flag to the others in
two environment variables, and the user says how long the warm server stays between builds in a
third (RSSREVIEW_KEEP_WARM); this module is the only one that reads or writes them. It imports
nothing else from the package, so every layer may use it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

CYCLE_ENV = "RSSREVIEW_CYCLE"
DRAFT_ENV = "RSSREVIEW_DRAFT"
#: Seconds the warm kernel server stays after a build for the next one (book/resident.py); 0 stops it with the build.
KEEP_WARM_ENV = "RSSREVIEW_KEEP_WARM"
KEEP_WARM_DEFAULT = 300  # Quarto keeps its Jupyter kernel daemon for 300 s too
_TRUE = {"1", "true", "yes"}
#: Chapters executed at once. A warm kernel spends part of each chapter waiting on the Jupyter protocol, so
#: three at once finish sooner than two on a two-core machine (make bench measures both ways).
DEFAULT_JOBS = 3


@dataclass(frozen=True)
class Request:
    """What the user asked for: a cycle id (None for the latest) and whether drafts are allowed."""

    cycle: str | None = None
    draft: bool = False


def requested(cycle: str | None = None, draft: bool = False, environ: Mapping[str, str] = os.environ) -> Request:
    """An explicit choice (command line, parameter cell) wins over the environment set by a parent process."""
    return Request(
        cycle=cycle or environ.get(CYCLE_ENV) or None, draft=draft or environ.get(DRAFT_ENV, "").lower() in _TRUE
    )


def keep_warm(environ: Mapping[str, str] = os.environ) -> int:
    """Seconds to keep the warm server after a build: RSSREVIEW_KEEP_WARM, else 0 on CI (CI=true), else 300."""
    value = environ.get(KEEP_WARM_ENV, "").strip()
    if not value:
        return 0 if environ.get("CI", "").lower() in _TRUE else KEEP_WARM_DEFAULT
    if not value.isdigit():
        raise ValueError(
            f"{KEEP_WARM_ENV}: expected a whole number of seconds (0 to stop with each build), found {value!r}"
        )
    return int(value)


def child_environment(cycle: str, draft: bool, environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The environment for a kernel or Quarto process working on this cycle."""
    env = {**environ, CYCLE_ENV: cycle}
    if draft:
        env[DRAFT_ENV] = "1"
    else:
        env.pop(DRAFT_ENV, None)
    return env
