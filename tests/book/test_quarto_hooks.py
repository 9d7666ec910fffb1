"""Quarto's pre- and post-render steps run the way Quarto runs them: `$QUARTO_PYTHON script.py`, no venv on PATH."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from rssreview.book.edition import QUARTO_FRONT_MATTER
from rssreview.book.render.glossary_links import glossary_links_json
from rssreview.paths import QUARTO_YML, ROOT

PROJECT = yaml.safe_load(QUARTO_YML.read_text(encoding="utf-8"))["project"]


def _run_like_quarto(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a hook with the interpreter only, from the project folder, with a PATH that lacks the venv."""
    clean = {"HOME": os.environ.get("HOME", "/root"), "PATH": "/usr/bin:/bin", **env}
    return subprocess.run(
        [sys.executable, str(ROOT / script)],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_pre_render_writes_the_bundle_workbook_and_front_matter() -> None:
    links = ROOT / yaml.safe_load(QUARTO_YML.read_text(encoding="utf-8"))["rss-glossary-links"]
    links.unlink(missing_ok=True)
    done = _run_like_quarto(PROJECT["pre-render"])
    assert done.returncode == 0, done.stderr
    assert links.read_text(encoding="utf-8") == glossary_links_json(), "the glossary links filter's data"
    assert (ROOT / "figures/vendor/vega-bundle.js").stat().st_size > 100_000
    front = QUARTO_FRONT_MATTER.read_text(encoding="utf-8")
    assert front.startswith("#rss-front-matter(") and "original:" in front and "edition:" in front
    include = yaml.safe_load(QUARTO_YML.read_text(encoding="utf-8"))["format"]["typst"]["include-before-body"]
    assert (ROOT / include).resolve() == QUARTO_FRONT_MATTER.resolve(), (
        "_quarto.yml must include what pre-render writes"
    )


def test_post_render_writes_the_manifest_into_quartos_output_folder(tmp_path: Path) -> None:
    done = _run_like_quarto(PROJECT["post-render"], QUARTO_PROJECT_OUTPUT_DIR=str(tmp_path))
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "build-manifest.json").read_text(encoding="utf-8"))
    assert manifest["renderer"] == "quarto" and manifest["inputs"]
    missing = _run_like_quarto(PROJECT["post-render"], QUARTO_PROJECT_OUTPUT_DIR=str(tmp_path / "absent"))
    assert missing.returncode == 1 and "does not exist" in missing.stderr and "Traceback" not in missing.stderr
