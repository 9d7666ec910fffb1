"""CONTRIBUTING.md, and the README's map of the code, name only things that exist.

A recipe that names a moved file, a renamed function, a `make` target or an `rssreview` command
that is gone sends a contributor the wrong way, so each name in code formatting is checked:
paths against the project, `module.name` against the package, `make <target>` against the
Makefile, `rssreview <command> --option` against the command line's parser.
"""

from __future__ import annotations

import argparse
import fnmatch
import importlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import test_imports

from rssreview.cli import build_parser
from rssreview.paths import ROOT

PACKAGE = ROOT / "src" / "rssreview"
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
SPAN = re.compile(r"`([^`\n]+)`")
#: Endings that make a name in backticks a file name rather than a Python name.
FILE_ENDINGS = {
    "cfg", "csv", "html", "ipynb", "js", "json", "lock", "md", "mjs", "pdf", "png", "py", "svg", "toml", "txt", "xlsx",
    "yaml", "yml", "zip",
}  # fmt: skip
DOTTED = re.compile(r"^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?:\([\w, ]*\))?$")
CALL = re.compile(r"^([A-Za-z_]\w*)\(\)$")


def section(text: str, heading: str) -> str:
    """The Markdown under `heading`, up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = text.index(f"\n{heading}\n")
    end = re.compile(rf"^#{{1,{len(level)}}} ", re.M).search(text, start + len(heading) + 2)
    return text[start : end.start() if end else len(text)]


def documents() -> dict[str, str]:
    """The text checked: all of CONTRIBUTING.md and the README's map of where the code lives."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return {
        "CONTRIBUTING.md": (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"),
        "README.md, How a chapter is made": section(readme, "## How a chapter is made"),
    }


def spans(text: str) -> list[str]:
    """Inline code outside fenced blocks."""
    return SPAN.findall(FENCE.sub("", text))


def code_lines(text: str) -> Iterator[str]:
    """Every line of code: inline spans, and fenced lines without their trailing `# comment`."""
    yield from spans(text)
    for block in FENCE.findall(text):
        for line in block.splitlines():
            yield re.sub(r"(^|\s)#\s.*$", "", line)


# Paths -----------------------------------------------------------------------------------------------------------


def is_path(span: str) -> bool:
    if re.search(r"\s|://|…", span) or DOTTED.match(span) and span.rsplit(".", 1)[-1] not in FILE_ENDINGS:
        return False
    return "/" in span or span.rsplit(".", 1)[-1] in FILE_ENDINGS


def ignored_folders() -> list[str]:
    """Folder patterns .gitignore leaves out: build outputs a clean clone does not have yet."""
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    return [line.strip("/") for line in lines if line.endswith("/") and not line.startswith(("#", "!"))]


def path_exists(span: str) -> bool:
    pattern = re.sub(r"<[^>]+>", "*", span).rstrip("/")
    if any(fnmatch.fnmatch(pattern.split("/")[0], folder) for folder in ignored_folders()):
        return True
    bases = [ROOT, PACKAGE]
    if "/" not in pattern:  # a bare file name, as in "paths.py, config.py": the package or one of its folders
        bases += [folder for folder in PACKAGE.iterdir() if folder.is_dir()]
    return any(next(base.glob(pattern), None) is not None for base in bases)


# Python names ----------------------------------------------------------------------------------------------------


def resolves(dotted: str) -> bool:
    """`present.display.export_chart` or `rssreview.run`: a module of the package (or any module), then attributes."""
    for name in (f"rssreview.{dotted}", dotted):
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                found: object = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            for attribute in parts[cut:]:
                found = getattr(found, attribute, None)
            if found is not None:
                return True
            break
    return False


def notebook_metadata(dotted: str) -> bool:
    """`rssreview.reads`: a key path in the notebooks' metadata rather than a Python name."""
    for notebook in [ROOT / "index.ipynb", *sorted((ROOT / "notebooks").glob("*.ipynb"))]:
        found = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]
        for key in dotted.split("."):
            found = found.get(key) if isinstance(found, dict) else None
        if found is not None:
            return True
    return False


def defined(function: str) -> bool:
    pattern = re.compile(rf"^\s*def {re.escape(function)}\(", re.M)
    return any(pattern.search(path.read_text(encoding="utf-8")) for path in PACKAGE.rglob("*.py"))


def python_names(text: str) -> Iterator[str]:
    for span in spans(text):
        for token in span.split():
            dotted = DOTTED.match(token)
            if dotted and dotted.group(1).rsplit(".", 1)[-1] not in FILE_ENDINGS:
                yield dotted.group(1)
            elif CALL.match(token):
                yield token


def python_name_exists(name: str) -> bool:
    if call := CALL.match(name):
        return defined(call.group(1))
    return resolves(name) or name.startswith("rssreview.") and notebook_metadata(name)


# make and rssreview commands -------------------------------------------------------------------------------------


def make_targets(makefile: Path = ROOT / "Makefile") -> set[str]:
    """Every target the Makefile defines, with $(VARIABLE)s in target names expanded."""
    text = makefile.read_text(encoding="utf-8")
    variables = dict(re.findall(r"^([A-Z_]+)\s*[:?]?=\s*(.*)$", text, re.M))

    def expand(value: str) -> str:
        while match := re.search(r"\$\(([A-Z_]+)\)", value):
            value = value.replace(match.group(0), variables.get(match.group(1), ""))
        return value

    targets = set()
    for names in re.findall(r"^([^\s#][^:=]*?):(?!=)", text, re.M):
        targets.update(expand(names).split())
    return targets


def commands(text: str, program: str) -> Iterator[list[str]]:
    """The words after each `program` in the code: `make report DRAFT=1` gives ["report", "DRAFT=1"]."""
    for line in code_lines(text):
        words = re.split(r"\s+", line.strip())
        for i, word in enumerate(words):
            if word == program or word.endswith(f"/{program}"):
                rest = words[i + 1 :]
                for j, later in enumerate(rest):
                    if later in {"&&", "||", ";", "|"}:
                        rest = rest[:j]
                        break
                yield rest


def make_problems(text: str, targets: set[str]) -> list[str]:
    problems = []
    for words in commands(text, "make"):
        named = [w for w in words if "=" not in w and not w.startswith("-")]
        if named and named[0] not in targets:
            problems.append(f"make {named[0]}: no such target in the Makefile")
    return problems


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def rssreview_problems(text: str, parser: argparse.ArgumentParser) -> list[str]:
    problems = []
    for words in commands(text, "rssreview"):
        said, current = ["rssreview"], parser
        for word in words:
            choices = subcommands(current)
            if word.startswith("-"):
                option = word.split("=")[0]
                if option not in current._option_string_actions:
                    problems.append(f"{' '.join(said)} {option}: no such option")
            elif choices:
                if word not in choices:
                    problems.append(f"{' '.join(said)} {word}: no such command")
                    break
                said.append(word)
                current = choices[word]
        if len(said) == 1 and words:
            problems.append(f"rssreview {' '.join(words)}: names no command")
    return problems


# Tests -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(documents()))
def test_named_paths_exist(name):
    text = documents()[name]
    named = [span for span in spans(text) if is_path(span)]
    assert named, f"{name}: found no paths to check"
    assert [span for span in named if not path_exists(span)] == []


@pytest.mark.parametrize("name", list(documents()))
def test_named_python_names_exist(name):
    named = list(python_names(documents()[name]))
    assert [n for n in named if not python_name_exists(n)] == []


@pytest.mark.parametrize("name", list(documents()))
def test_named_make_targets_and_commands_exist(name):
    text = documents()[name]
    assert make_problems(text, make_targets()) + rssreview_problems(text, build_parser()) == []


def test_the_checks_find_what_is_wrong():
    """Each check fails on a wrong name, so a stale recipe cannot pass."""
    assert not path_exists("src/rssreview/build/pipeline.py") and path_exists("src/rssreview/book/pipeline.py")
    assert path_exists("figures/<cycle>/") and path_exists("pipeline.py") and path_exists("_book-<cycle>/")
    assert not python_name_exists("present.display.export_charts") and python_name_exists("run.cycle_id")
    assert not python_name_exists("rssreview.writes") and python_name_exists("rssreview.reads")
    assert not python_name_exists("_no_such_helper()") and python_name_exists("_text()")
    assert is_path("_quarto.yml") and not is_path("run.tables") and not is_path("#| echo: false")
    targets = make_targets()
    assert {".venv/.installed", "report", "test", "lint", "unit", "preview"} <= targets
    assert make_problems("`make report DRAFT=1`", targets) == []
    assert make_problems("```bash\nmake docs   # build the docs\n```\n", targets) == [
        "make docs: no such target in the Makefile"
    ]
    parser = build_parser()
    assert rssreview_problems("`.venv/bin/rssreview manifest update <file>`", parser) == []
    assert rssreview_problems("`rssreview new-cycle 2022-09 --published 2022-09-30`", parser) == []
    assert rssreview_problems("`rssreview new-cycle --publish x`", parser) == [
        "rssreview new-cycle --publish: no such option"
    ]
    assert rssreview_problems("`rssreview manifest refresh x`", parser) == [
        "rssreview manifest refresh: no such command"
    ]


def test_the_layer_diagram_follows_the_import_test():
    """The diagram in "How the code is laid out" lists the layers in tests/test_imports.py's order."""
    text = section(documents()["CONTRIBUTING.md"], "## How the code is laid out")
    diagram = re.sub(r"\([^)]*\)", "", next(b for b in FENCE.findall(text) if "->" in b))
    groups = [[n.strip() for n in group.split(",")] for group in diagram.split("->")]
    layers = [{test_imports.layer(name) for name in group} for group in groups]
    assert all(len(found) == 1 for found in layers), groups
    order = [found.pop() for found in layers]
    assert order == sorted(set(order)) == sorted(set(test_imports.LAYERS.values())), groups


def test_the_changelog_keeps_a_changelog():
    """Keep a Changelog's shape: an Unreleased section first, dated versions, changes grouped by kind."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## (.*)$", text, re.M)
    assert versions[0] == "[Unreleased]"
    assert all(re.fullmatch(r"\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}", v) for v in versions[1:]), versions
    for version in versions:
        kinds = re.findall(r"^### (.*)$", section(text, f"## {version}"), re.M)
        assert kinds and set(kinds) <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}, version


def test_adding_a_data_table_takes_one_register_entry(tmp_path, monkeypatch):
    """The recipe "Add a data table": one entry, and limits, validation, privacy scanning and keys follow from it."""
    from rssreview import checks, evidence, inputs, limits

    table = tmp_path / "data" / "national" / "new_table.csv"
    table.parent.mkdir(parents=True)
    table.write_text("code,label\n1,Seen by Mr John Smith\n", encoding="utf-8")
    assert inputs.unregistered([table], root=tmp_path) == ["data/national/new_table.csv"]

    def load_new_table(path):
        if "code" not in path.read_text(encoding="utf-8"):
            raise ValueError(f"{path.name}, header: expected the columns code, label")

    monkeypatch.setattr(sys.modules[__name__], "load_new_table", load_new_table, raising=False)
    entry = inputs.Input(
        "data/national/new_table.csv",
        "national",
        "a made-up table",
        limit=inputs.Limit(10, 5, 20),
        loader=f"{__name__}:load_new_table",
        reader_text=("label",),
    )
    monkeypatch.setattr(inputs, "REGISTER", (*inputs.REGISTER, entry))
    assert inputs.unregistered([table], root=tmp_path) == []
    assert limits.limit_for(table) == entry.limit
    assert "the limit for this table is 10 bytes" in (limits.file_problem(table) or "")
    before = inputs.group_fingerprint("national", root=tmp_path)
    table.write_text("label\n1\n", encoding="utf-8")
    assert inputs.group_fingerprint("national", root=tmp_path) != before, "its bytes key the render and the chapters"
    assert any("new_table.csv, header" in problem for problem in checks.registered_problems(tmp_path))
    table.write_text("code,label\n1,Seen by Mr John Smith\n", encoding="utf-8")
    found = checks.privacy_findings(evidence.load(), root=tmp_path)
    assert [(Path(f.file).name, f.column) for f in found if "new_table" in f.file] == [("new_table.csv", "label")]
