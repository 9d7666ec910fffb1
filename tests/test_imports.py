"""Imports go one way along the pipeline: a module may import only from its own layer or the layers before it.

paths/config -> evidence/national -> run -> present -> book (execute, render, publish) -> cli.
Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rssreview"

#: Each module's layer, by the first part of its dotted name inside the package.
LAYERS = {
    "__init__": 0,
    "paths": 0,
    "problems": 0,
    "config": 0,
    "files": 0,
    "urls": 0,
    "limits": 0,
    "publication": 0,
    "published_text": 0,
    "release": 0,
    "evidence": 1,
    "national": 1,
    "privacy": 1,
    "disclosure": 1,
    "audit": 1,
    "run": 2,
    "present": 3,
    # checks is the gate before anything is published: the book's steps call it, and it reads the chapter list.
    "book": 4,
    "checks": 4,
    # rssreview diff: builds two revisions (through the command line) and compares what readers see in them.
    "diff": 4,
    # Entry points: the command line, and Quarto's pre- and post-render steps (which run its commands).
    "cli": 5,
    "__main__": 5,
    "book.quarto_hooks": 5,
}


def module_name(path: Path, package: Path = PACKAGE) -> str:
    return ".".join(path.relative_to(package).with_suffix("").parts)


def layer(name: str) -> int:
    """The layer of the longest prefix of `name` that LAYERS lists (a sub-package may sit above its package)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in LAYERS:
            return LAYERS[".".join(parts[:end])]
    raise AssertionError(f"rssreview.{name}: add its layer to LAYERS in tests/test_imports.py")


def imported(path: Path) -> set[str]:
    """Every rssreview module `path` imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return {n.removeprefix("rssreview.") for n in names if n.startswith("rssreview.")}


def back_edges(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        here = module_name(path, package)
        for target in sorted(imported(path)):
            if layer(target) > layer(here):
                found.append(
                    f"rssreview.{here} (layer {layer(here)}) imports rssreview.{target} (layer {layer(target)})"
                )
    return found


def test_imports_follow_the_pipeline():
    assert back_edges() == []


def test_config_imports_nothing_else_from_the_package():
    assert imported(PACKAGE / "config.py") == set()


def test_a_back_edge_is_reported(tmp_path):
    fake = tmp_path / "rssreview"
    (fake / "evidence").mkdir(parents=True)
    (fake / "present").mkdir()
    (fake / "evidence" / "load.py").write_text("def f():\n    from rssreview.present import words\n")
    (fake / "present" / "words.py").write_text("from rssreview.evidence import load\n")
    assert back_edges(fake) == [
        "rssreview.evidence.load (layer 1) imports rssreview.present (layer 3)",
        "rssreview.evidence.load (layer 1) imports rssreview.present.words (layer 3)",
    ]


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_every_layer_name_exists(name):
    path = PACKAGE.joinpath(*name.split("."))
    assert path.with_suffix(".py").exists() or path.is_dir()
