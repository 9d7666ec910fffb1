"""Execution is deterministic, cached by content, and never leaves a half-written chapter."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from rssreview.book import execute


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(execute, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(execute, "ROOT", tmp_path)
    return tmp_path / "cache"


def _notebook(path: Path, code: str) -> Path:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["rssreview"] = {"reads": []}
    nb.cells = [new_markdown_cell("# Title"), new_code_cell(code)]
    nbformat.write(nb, path)
    return path


def test_re_execution_is_byte_identical_and_has_no_timing(tmp_path, cache):
    nb = _notebook(tmp_path / "a.ipynb", "from IPython.display import Markdown\nMarkdown(f'**{6 * 7}**')")
    execute.execute_chapter(nb, nb, "2022-03", use_cache=False)
    first = nb.read_bytes()
    execute.execute_chapter(nb, nb, "2022-03", use_cache=False)
    assert nb.read_bytes() == first
    assert b'"execution"' not in first and b"**42**" in first


def test_unchanged_chapter_is_reused_and_a_change_re_executes(tmp_path, cache):
    nb = _notebook(tmp_path / "b.ipynb", "print(1)")
    assert execute.execute_chapter(nb, nb, "2022-03").reused is False
    assert execute.execute_chapter(nb, nb, "2022-03").reused is True
    assert execute.execute_chapter(nb, nb, "2021-12").reused is False, "another cycle is another key"
    _notebook(nb, "print(2)")
    assert execute.execute_chapter(nb, nb, "2022-03").reused is False


def test_a_failing_cell_names_the_chapter_and_keeps_the_file(tmp_path, cache):
    nb = _notebook(tmp_path / "c.ipynb", "raise ValueError('bad evidence row')")
    before = nb.read_bytes()
    with pytest.raises(execute.ExecutionError, match=r"c\.ipynb: a cell failed: ValueError: bad evidence row"):
        execute.execute_chapter(nb, nb, "2022-03", use_cache=False)
    assert nb.read_bytes() == before


def test_missing_chapter_is_reported(tmp_path, cache):
    with pytest.raises(execute.ExecutionError, match="the file is missing"):
        execute.execute_chapter(tmp_path / "gone.ipynb", tmp_path / "gone.ipynb", "2022-03")


def test_figure_links_are_found_in_markdown_and_in_json_escaped_html():
    text = r'{"text/html": "<a href=\"../figures/2022-03/x.csv\">", "text/markdown": "[CSV](../figures/a.csv)"}'
    assert execute.FIGURE_LINK.findall(text) == ["figures/2022-03/x.csv", "figures/a.csv"]


def test_theme_reads_hash_only_that_themes_rows(monkeypatch):
    import hashlib

    import pandas as pd

    from rssreview import evidence

    real = evidence.load()

    def digest_for(theme: str, tables) -> str:
        monkeypatch.setattr(execute, "_evidence_tables", lambda stamp: tables)
        h = hashlib.sha256()
        execute._hash_theme_rows(h, theme)
        return h.hexdigest()

    rec = int(real.recommendations.loc[real.recommendations["theme_id"] == "rights", "rec_id"].iloc[0])
    edited_evidence = real.evidence.copy()
    row = edited_evidence.index[(edited_evidence["rec_id"] == rec)][0]
    edited_evidence.loc[row, "summary"] = edited_evidence.loc[row, "summary"] + " Edited."
    edited = type(real)(**{**real.__dict__, "evidence": edited_evidence})
    assert isinstance(edited.evidence, pd.DataFrame)
    assert digest_for("rights", real) != digest_for("rights", edited)
    assert digest_for("staff", real) == digest_for("staff", edited)
