"""Build the publication at a git revision (in a temporary worktree) and at the working tree, then compare them.

The base build runs this environment's Python on the base revision's own package and files (its `src/` first
on the path), in a detached worktree under `_build/diff/`. It shares this project's `.cache/` (every cache
there is keyed by content, with paths relative to the project, so an entry made in one folder is right in any
other and a chapter whose inputs are equal is re-used, never re-executed) and `node_modules/`; the raw NHS
files, which git does not keep, are linked in so both builds read the same ones. Both builds use the built-in
renderer and the same SOURCE_DATE_EPOCH, so the edition's date, which a commit changes, is not reported as a
change. The worktree is removed afterwards, whatever happened.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rssreview.paths import BOOK, BUILD, CACHE, NODE_MODULES, RAW, ROOT

#: Raw files that git keeps; every other file in data/raw/ is linked into the base worktree.
TRACKED_RAW = ("README.md", "manifest.csv")
#: Where `rssreview diff` writes its report.
OUTPUT = ROOT / "_diff"


class DiffError(Exception):
    """A revision that cannot be built or compared; the message says which and why, in one line."""


@dataclass(frozen=True)
class Builds:
    """The two built sites and how to name them."""

    before: Path
    after: Path
    before_label: str
    after_label: str
    seconds: float


def git(*args: str, cwd: Path = ROOT) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise DiffError(f"git {' '.join(args)}: {message}")
    return done.stdout.strip()


def build_both(base: str, *, echo: Callable[[str], None] = print) -> Builds:
    """Build `base` in a temporary worktree and the working tree here; the base build is kept in `_build/diff/`."""
    started = time.perf_counter()
    try:
        commit = git("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except DiffError:
        raise DiffError(f"{base!r} is not a commit of this repository (try a branch, a tag or a commit id)") from None
    short = git("rev-parse", "--short", commit)
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or git("log", "-1", "--format=%ct", "HEAD")
    folder = BUILD / "diff"
    folder.mkdir(parents=True, exist_ok=True)
    tree = folder / f"worktree-{short}"
    kept = folder / f"before-{short}"
    if tree.exists():
        _remove_worktree(tree)
    git("worktree", "add", "--detach", "--quiet", str(tree), commit)
    try:
        _share(tree)
        echo(f"building the base revision {base} ({short}) in {tree.relative_to(ROOT)}/")
        _build(tree, epoch, keep_warm="0")
        if kept.exists():
            shutil.rmtree(kept)
        shutil.copytree(tree / BOOK.name, kept)
    finally:
        _remove_worktree(tree)
    echo("building the working tree")
    _build(ROOT, epoch, keep_warm=os.environ.get("RSSREVIEW_KEEP_WARM"))
    dirty = git("status", "--porcelain", "--untracked-files=no")
    head = git("rev-parse", "--short", "HEAD")
    after = f"the working tree (HEAD {head}{', with uncommitted changes' if dirty else ''})"
    return Builds(kept, BOOK, f"{base} ({short})", after, time.perf_counter() - started)


def _share(tree: Path) -> None:
    """Give the base worktree this project's caches and npm packages, and the raw files git does not keep."""
    CACHE.mkdir(exist_ok=True)
    (tree / CACHE.name).symlink_to(CACHE, target_is_directory=True)
    if NODE_MODULES.exists():
        (tree / NODE_MODULES.name).symlink_to(NODE_MODULES, target_is_directory=True)
    raw = tree / RAW.relative_to(ROOT)
    raw.mkdir(parents=True, exist_ok=True)
    for path in sorted(RAW.iterdir()) if RAW.is_dir() else []:
        if path.is_file() and path.name not in TRACKED_RAW and not (raw / path.name).exists():
            try:
                os.link(path, raw / path.name)  # the same file, not a link the data checks would refuse
            except OSError:
                shutil.copy2(path, raw / path.name)


def _build(root: Path, epoch: str, *, keep_warm: str | None) -> None:
    """`rssreview build --builtin` on the project in `root`, with its own package first on the path."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "RSSREVIEW_ROOT": str(root)}
    env["PYTHONPATH"] = os.pathsep.join([str(root / "src"), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("RSSREVIEW_CYCLE", None)  # each build publishes its own latest cycle (and its earlier editions)
    if keep_warm is not None:
        env["RSSREVIEW_KEEP_WARM"] = keep_warm
    done = subprocess.run(
        [sys.executable, "-m", "rssreview", "build", "--builtin"],
        cwd=root,
        env=env,
        stdout=sys.stderr,
        check=False,
    )
    if done.returncode != 0:
        where = "the base revision" if root != ROOT else "the working tree"
        raise DiffError(f"the build of {where} failed (exit status {done.returncode}); its messages are above")


def _remove_worktree(tree: Path) -> None:
    subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True, check=False)
    if tree.exists():
        shutil.rmtree(tree, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True, check=False)
