"""Does the running environment match requirements.lock exactly?

Executed notebooks (table HTML, number formats, chart SVG) depend on exact library
versions, so a build from a drifted environment can differ from the committed book for
no visible reason. This check names every difference before that happens.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from rssreview.paths import ROOT

LOCK = ROOT / "requirements.lock"

#: Installer tooling and the project itself: present in every venv, never in the lock.
IGNORED = frozenset({"pip", "setuptools", "wheel", "rssreview"})


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Requirement lines with their `\\` continuations joined, each with the number of its first line."""
    joined: list[tuple[int, str]] = []
    first, parts = 0, list[str]()
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.lstrip().startswith("#"):
            continue
        content = raw.split(" #", 1)[0].strip()
        if not parts:
            first = number
        parts.append(content.removesuffix("\\").strip())
        if not content.endswith("\\"):
            if line := " ".join(p for p in parts if p):
                joined.append((first, line))
            parts = []
    if line := " ".join(p for p in parts if p):
        joined.append((first, line))
    return joined


def read_lock(lock_path: Path) -> dict[str, str]:
    """The exact pins in a pip-compile lock, by canonical name; ValueError naming each bad line."""
    pins: dict[str, str] = {}
    problems = []
    for number, line in _logical_lines(lock_path.read_text(encoding="utf-8")):
        requirement = line.split(" --hash", 1)[0].strip()
        try:
            parsed = Requirement(requirement)
        except InvalidRequirement:
            parsed = None
        specs = list(parsed.specifier) if parsed else []
        if not parsed or len(specs) != 1 or specs[0].operator != "==":
            problems.append(f"{lock_path.name}: line {number}: expected name==version, found {requirement!r}")
            continue
        pins[canonicalize_name(parsed.name)] = specs[0].version
    if problems:
        raise ValueError("\n".join(problems))
    return pins


def installed_distributions() -> dict[str, str]:
    """Name → version for what the running interpreter imports (first on sys.path wins)."""
    found: dict[str, str] = {}
    for dist in metadata.distributions():
        found.setdefault(canonicalize_name(dist.metadata["Name"]), dist.version)
    return found


def _same_version(a: str, b: str) -> bool:
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def audit(lock_path: Path = LOCK, installed: Mapping[str, str] | None = None) -> list[str]:
    """Every difference between the lock and the installed packages, one line each, sorted by name."""
    locked = {name: v for name, v in read_lock(Path(lock_path)).items() if name not in IGNORED}
    present = installed_distributions() if installed is None else installed
    present = {canonicalize_name(name): v for name, v in present.items()}
    present = {name: v for name, v in present.items() if name not in IGNORED}
    lines = []
    for name in sorted(locked.keys() | present.keys()):
        want, have = locked.get(name), present.get(name)
        if have is None:
            lines.append(f"missing: {name}=={want} is in the lock but not installed")
        elif want is None:
            lines.append(f"extra: {name}=={have} is installed but not in the lock")
        elif not _same_version(want, have):
            lines.append(f"version: {name} is {have} but the lock pins {want}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Print each difference (exit 1), or one line saying the environment matches (exit 0)."""
    parser = argparse.ArgumentParser(prog="rssreview audit", description=__doc__.splitlines()[0])
    parser.add_argument("lock", nargs="?", type=Path, default=LOCK, help="lock file (default: requirements.lock)")
    lock_path = parser.parse_args(argv).lock
    differences = audit(lock_path)
    for line in differences:
        print(line)
    if differences:
        return 1
    count = len({n for n in read_lock(lock_path) if n not in IGNORED})
    print(f"environment matches {lock_path.name} ({count} packages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
