"""The three ways to build the same project, each in its own scratch copy, and what each build answered.

- warm: RSSREVIEW_KEEP_WARM=300, so the first build starts the project's resident server and every later
  command (build, validate) runs in a process forked from it, kept across the steps;
- cold: RSSREVIEW_KEEP_WARM=0, a fresh process each time, with the project's cache kept across the steps;
- no-cache: RSSREVIEW_KEEP_WARM=0 and `build --no-cache`, which executes and renders everything: the answer
  the other two must give. Its copy also writes no bytecode (PYTHONDONTWRITEBYTECODE), because Python checks
  a module's cached bytecode against the source's size and time only; the reference is a fresh checkout. The
  warm and cold copies write bytecode, as Python does by default on a user's machine.

One copy per mode, never one copy built three ways: each mode then has its own cache and (for warm) its own
server, as a user's project would, and nothing one mode leaves behind can make another look right. The
server's socket is named after the project folder, so the warm copy's server serves only that copy. Every
copy runs its own package code (PYTHONPATH=<copy>/src), so an edit to a module in a copy is the code that
copy builds with.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from project import COPY, copy_project, environment

MODES = ("warm", "cold", "no-cache")
#: Seconds a command may take (a first build on a busy two-core machine takes a minute or two).
TIMEOUT = 900
#: Lines that differ between modes by design: the timings, and each chapter's "executed" or "re-used" line.
VOLATILE = (
    re.compile(r"^timings: .*$", re.M),
    re.compile(r"^ +(executed|re-used) +\S+\.ipynb\n", re.M),
)
#: The summary line: how many chapters ran and whether anything was published is the cache's business.
SUMMARY = re.compile(
    r"^\d+ chapter\(s\) executed, \d+ re-used(?: from the cache)?(; (published|nothing changed in))?", re.M
)


@dataclass(frozen=True)
class Answer:
    """A command's exit status and its messages (stdout then stderr), normalised for comparison."""

    command: str
    code: int
    messages: str
    raw: str

    def same_as(self, other: Answer) -> bool:
        return (self.code, self.messages) == (other.code, other.messages)


def normalise(text: str, project: Path) -> str:
    """Messages with the copy's folder, the timings and the chapters' cache state taken out."""
    text = text.replace(str(project), "<project>")
    for pattern in VOLATILE:
        text = pattern.sub("", text)
    return SUMMARY.sub("<chapters>; <published>", text)


class Mode:
    """One scratch copy of the project, built one way."""

    def __init__(self, name: str, project: Path):
        self.name = name
        self.project = project

    def environment(self) -> dict[str, str]:
        env = environment(self.project)
        env["RSSREVIEW_KEEP_WARM"] = "300" if self.name == "warm" else "0"
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(self.project / "src"), env.get("PYTHONPATH")) if p)
        # Python's own default (bytecode cached beside the sources) for warm and cold, as on a user's machine,
        # whatever this environment says; none for the reference, which stands for a fresh checkout.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if self.name == "no-cache":
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        return env

    def run(self, *args: str) -> Answer:
        """`rssreview <args>` in the copy, as a user would run it there."""
        result = subprocess.run(
            [sys.executable, "-m", "rssreview", *args],
            cwd=self.project,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        raw = result.stdout + result.stderr
        return Answer(" ".join(args), result.returncode, normalise(raw, self.project), raw)

    def build(self) -> Answer:
        return self.run("build", "--builtin", *(["--no-cache"] if self.name == "no-cache" else []))

    @property
    def book(self) -> Path:
        return self.project / "_book"

    def stop(self) -> None:
        """Stop the copy's resident server (only the warm copy starts one)."""
        if self.name == "warm":
            self.run("stop")


#: What a copy holds besides the sources: the outputs of the first build (and the cold copy's cache).
OUTPUTS = ("_book", "_build", "figures")


def first_copy(base: Path) -> Mode:
    """The cold copy, made from the project's sources (`project.COPY`); the others are made from it."""
    assert "src" in COPY, "each copy must hold the package's code"
    return Mode("cold", copy_project(base / "cold"))


def copies(cold: Mode, base: Path) -> tuple[list[Mode], Answer]:
    """The three copies (warm, cold, no-cache), and the first build's answer.

    The first build is made once, in the cold copy, from an empty cache: that is a build without a cache,
    so it is also the reference's. The warm copy then starts as a copy of the cold one, cache included (a
    project moved to another folder: its content-keyed cache still holds), and the no-cache copy as a copy
    of its sources and outputs without the cache (it executes everything each time anyway). This saves two
    whole builds; the warm copy's first build, which starts its server, is compared at step 0.
    """
    first = cold.run("build", "--builtin")
    warm = Mode("warm", base / "warm" / "project")
    shutil.copytree(cold.project, warm.project, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    reference = Mode("no-cache", base / "no-cache" / "project")
    ignore = shutil.ignore_patterns("__pycache__", ".cache")
    shutil.copytree(cold.project, reference.project, symlinks=True, ignore=ignore)
    return [warm, cold, reference], first
