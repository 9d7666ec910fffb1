"""A module edited without changing its size or time runs its new code (rssreview.bytecode)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

from rssreview import bytecode


def _run(package_parent: Path) -> str:
    code = "import demo.words; print(demo.words.WORD)"
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # write and use bytecode, as Python does by default
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout


def test_an_edit_keeping_size_and_time_is_run_once_the_bytecode_is_hash_checked(tmp_path):
    package = tmp_path / "demo"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    module = package / "words.py"
    module.write_text("WORD = 'recommendation'\n", encoding="utf-8")
    assert _run(tmp_path).strip() == "recommendation"  # Python writes a timestamp .pyc
    stat = module.stat()

    def edit(word: str) -> None:
        module.write_text(f"WORD = {word!r}\n", encoding="utf-8")
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    edit("reocmmendation")
    assert _run(tmp_path).strip() == "recommendation", "the timestamp .pyc hides the edit (why the module exists)"
    assert bytecode.hash_checked(package) == [package / "__init__.py", module]
    assert _run(tmp_path).strip() == "reocmmendation"
    edit("recomendations")
    assert _run(tmp_path).strip() == "recomendations", "a checked .pyc stays checked when Python rewrites it"
    assert bytecode.hash_checked(package) == [], "nothing to do once every file is checked"


def test_the_command_line_checks_the_packages_bytecode_first():
    cli = importlib.import_module("rssreview.cli")
    assert "bytecode.hash_checked()" in Path(cli.__file__).read_text(encoding="utf-8")
