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
    "inputs": 0,
    "bytecode": 0,
    "problems": 0,
    "config": 0,
    "files": 0,
    "urls": 0,
    "limits": 0,
    "hygiene": 0,
    "settings_file": 0,
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
    "quarto_hooks": 5,
    "serve_warm": 5,
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


def imported(path: Path, *, typing: bool = True) -> set[str]:
    """Every rssreview module `path` imports: at the top or inside a function, or by name (a string given to
    `importlib.import_module`, looked up in `sys.modules`, or listed in a `…MODULES` tuple to import). With
    `typing` False, imports only a type checker runs (under `if TYPE_CHECKING:`) are left out."""
    names: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set() if typing else {id(n) for block in _type_checking_blocks(tree) for n in ast.walk(block)}
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Call) and ast.unparse(node.func).endswith("import_module") and node.args:
            names.update(_strings(node.args[0]))
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "sys.modules":
            names.update(_strings(node.slice))
        elif isinstance(node, ast.Assign) and any(ast.unparse(t).endswith("MODULES") for t in node.targets):
            names.update(_strings(node.value))
    return {n.removeprefix("rssreview.") for n in names if n.startswith("rssreview.")}


def _type_checking_blocks(tree: ast.AST) -> list[ast.If]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.If) and ast.unparse(n.test).endswith("TYPE_CHECKING")]


def _strings(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def module_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Each module's imports of other modules of the package, when it runs (a type checker's imports left out:
    they never run, so they cannot make a module half-imported).

    `from rssreview.x import y` is an edge to the module `x.y` if there is one, else to `x` (whose `y` it is);
    a package's `__init__` is the package's own name.
    """
    modules = {module_name(p, package).removesuffix(".__init__") for p in package.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        here = module_name(path, package).removesuffix(".__init__")
        names = imported(path, typing=False)
        targets = set()
        for name in names:
            if name in modules and any(other.startswith(name + ".") and other in modules for other in names):
                continue  # `from x import y` named the package only to reach its module y
            parts = name.split(".")
            owner = next(
                (".".join(parts[:end]) for end in range(len(parts), 0, -1) if ".".join(parts[:end]) in modules), None
            )
            if owner and owner != here:
                targets.add(owner)
        graph[here] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles: each group of modules that reach one another (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


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


def test_no_module_imports_a_module_that_imports_it_back():
    """Modules, not only layers: two modules of one layer must not need each other either."""
    assert cycles(module_graph()) == []


def test_no_package_imports_a_package_that_imports_it_back():
    """Nor may two parts of the package (book, present, checks, cli…) need each other through any of their modules."""
    packages: dict[str, set[str]] = {}
    for here, targets in module_graph().items():
        packages.setdefault(here.split(".")[0], set()).update(t.split(".")[0] for t in targets)
    assert cycles({name: targets - {name} for name, targets in packages.items()}) == []


def test_a_cycle_is_reported(tmp_path):
    fake = tmp_path / "rssreview"
    (fake / "present").mkdir(parents=True)
    (fake / "present" / "a.py").write_text("def f():\n    from rssreview.present import b\n")
    (fake / "present" / "b.py").write_text("import importlib\nimportlib.import_module('rssreview.present.a')\n")
    (fake / "present" / "c.py").write_text("from rssreview.present import a\n")
    (fake / "present" / "d.py").write_text("from rssreview.present import c\n")
    (fake / "present" / "c.py").write_text(
        "from typing import TYPE_CHECKING\nfrom rssreview.present import a\nif TYPE_CHECKING:\n"
        "    from rssreview.present import d\n"
    )
    assert cycles(module_graph(fake)) == [["present.a", "present.b"]], "a type checker's import runs nowhere"


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
