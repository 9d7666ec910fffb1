"""Quarto's pre- and post-render steps run the way Quarto runs them: `$QUARTO_PYTHON script.py`, no venv on PATH."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from quarto_fixture import notices, quarto_output
from test_quarto_contract import quarto_render_pdf, top_bookmarks

from rssreview.book.edition import QUARTO_FRONT_MATTER
from rssreview.book.editions import built_earlier_runs
from rssreview.book.render.glossary_links import glossary_links_json
from rssreview.paths import QUARTO_YML, ROOT
from rssreview.run import resolve

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
    assert "parts: (none, " in front, "the contents nest chapters under parts from the same list as the bookmarks"
    include = yaml.safe_load(QUARTO_YML.read_text(encoding="utf-8"))["format"]["typst"]["include-before-body"]
    assert (ROOT / include).resolve() == QUARTO_FRONT_MATTER.resolve(), (
        "_quarto.yml must include what pre-render writes"
    )


def test_post_render_writes_the_manifest_into_quartos_output_folder(tmp_path: Path) -> None:
    quarto_output(tmp_path)
    quarto_pdf = quarto_render_pdf()  # Quarto's own PDF of the book, when the stored render is at hand
    if quarto_pdf is not None:
        shutil.copy(quarto_pdf, tmp_path / quarto_pdf.name)
        before = top_bookmarks(quarto_pdf.read_bytes())
    done = _run_like_quarto(PROJECT["post-render"], QUARTO_PROJECT_OUTPUT_DIR=str(tmp_path))
    assert done.returncode == 0, done.stderr
    if quarto_pdf is not None:  # its chapters' bookmarks are moved under their parts', as the built-in PDF's
        nested = top_bookmarks((tmp_path / quarto_pdf.name).read_bytes())
        assert "Progress by theme" in nested and len(nested) < len(before)
    manifest = json.loads((tmp_path / "build-manifest.json").read_text(encoding="utf-8"))
    assert manifest["renderer"] == "quarto" and manifest["inputs"]
    # Quarto's pages now say what the built-in pages say: a local build (book.site-url is unset in _quarto.yml)
    # and, when the earlier editions are built (make report), the edition line, with those editions copied in.
    assert notices(tmp_path / "notebooks/01_summary.html")[0] == "div publication-status local-build"
    if built_earlier_runs(resolve()):
        assert notices(tmp_path / "notebooks/01_summary.html")[1] == "nav edition-switch"
        assert (tmp_path / "editions").is_dir()
    missing = _run_like_quarto(PROJECT["post-render"], QUARTO_PROJECT_OUTPUT_DIR=str(tmp_path / "absent"))
    assert missing.returncode == 1 and "does not exist" in missing.stderr and "Traceback" not in missing.stderr
