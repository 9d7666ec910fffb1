"""The settings a run is asked for, and the one place they cross a process boundary.

A build runs in several processes: the command line, the kernels that execute the chapters and,
where installed, Quarto. The command line passes the cycle and the draft flag to the others in
two environment variables; this module is the only one that reads or writes them. It imports
nothing else from the package, so every layer may use it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

CYCLE_ENV = "RSSREVIEW_CYCLE"
DRAFT_ENV = "RSSREVIEW_DRAFT"
_TRUE = {"1", "true", "yes"}


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


def child_environment(cycle: str, draft: bool, environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The environment for a kernel or Quarto process working on this cycle."""
    env = {**environ, CYCLE_ENV: cycle}
    if draft:
        env[DRAFT_ENV] = "1"
    else:
        env.pop(DRAFT_ENV, None)
    return env
