"""A build does not depend on where the project is: the same key and manifest in any folder, only the cycle's
own figures published, and RSSREVIEW_ROOT changing nothing but the root."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from rssreview.book.render.assets import STATIC, copy_resources, project_files
from rssreview.paths import ROOT

KEY_AND_MANIFEST = """
import json
from rssreview.book import publish
from rssreview.paths import NOTEBOOKS
key = publish.render_key("2022-03", "built-in", False, sorted(NOTEBOOKS.glob("*.ipynb")))
print(json.dumps({**publish.manifest("2022-03", "built-in"), "render_key": key}, sort_keys=True))
"""


def project_copy(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("_quarto.yml", "index.ipynb", "package-lock.json"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("data", "notebooks", "figures", "src"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__", "raw"))
    return folder


def key_and_manifest(root: Path) -> dict:
    env = {**os.environ, "RSSREVIEW_ROOT": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", KEY_AND_MANIFEST], env=env, capture_output=True, text=True, check=True, timeout=300
    )
    return json.loads(done.stdout)


def test_render_key_and_manifest_are_the_same_in_two_folders(tmp_path):
    one = key_and_manifest(project_copy(tmp_path / "a" / "project"))
    two = key_and_manifest(project_copy(tmp_path / "b" / "deeper" / "clone"))
    assert one == two
    assert all(not item["path"].startswith("/") for item in one["inputs"])


def test_a_publication_holds_only_its_own_cycle_figures(tmp_path):
    for name in ("figures/2022-03/chart.svg", "figures/2022-09/chart.svg", "figures/vendor/vega-bundle.js"):
        (tmp_path / "root" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "root" / name).write_text(name)
    copy_resources(tmp_path / "root", ("figures/",), tmp_path / "out", "2022-03")
    copied = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert copied == ["figures/2022-03/chart.svg", "figures/vendor/vega-bundle.js"]


def test_the_built_in_chart_loader_and_styles_are_included_once_under_another_root(tmp_path):
    other = tmp_path / "clone"
    shutil.copytree(STATIC, other / "src" / "rssreview" / "book" / "static")
    for name, key in (("charts-loader.html", "include-after-body"), ("site.css", "css")):
        option = f"src/rssreview/book/static/{name}"
        expected = [(other / option).resolve()]  # only what _quarto.yml names, under the root in use, once
        assert project_files(other, option, key) == expected
        assert project_files(other, [option, option], key) == expected
