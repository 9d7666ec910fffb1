"""Execution is deterministic, warm kernels change nothing, reads are verified and key the cache."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import rssreview.book.execute as execute

#: Chapters here declare no evidence rows, so their keys never look at the tables.
TABLES = None


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    """A scratch project: its own cache and data/ folder, so tests can edit the data a chapter reads."""
    monkeypatch.setattr(execute, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(execute, "ROOT", tmp_path)
    monkeypatch.setattr(execute, "DATA", tmp_path / "data")
    (tmp_path / "data").mkdir()
    return tmp_path / "cache"


def _notebook(path: Path, code: str | list[str], reads: list[str] | None = None) -> Path:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["rssreview"] = {"reads": reads or []}
    nb.cells = [new_markdown_cell("# Title"), *(new_code_cell(c) for c in ([code] if isinstance(code, str) else code))]
    nbformat.write(nb, path)
    return path


def _fresh_kernel_text(path: Path) -> str:
    """The notebook as a plain nbclient run in a newly started python3 kernel writes it."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, kernel_name="python3", record_timing=False, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    execute._strip_volatile(nb)
    return nbformat.writes(nb) + "\n"


def test_a_warm_kernel_writes_exactly_what_a_fresh_kernel_writes(tmp_path, cache):
    cells = [
        "import pandas as pd\nfrom IPython.display import Markdown, display",
        "frame = pd.DataFrame({'a': [1.5, 2.25], 'b': ['x', 'y']})\nframe",
        "display(Markdown('**done**'))\nprint(sorted(k for k in globals() if not k.startswith('_')))",
        "import altair as alt\nalt.Chart(frame).mark_bar().encode(x='a', y='b').to_dict()['mark']",
        "import rssreview.present.words, sys\n'rssreview.present.words' in sys.modules",
    ]
    nb = _notebook(tmp_path / "warm.ipynb", cells)
    fresh = _fresh_kernel_text(nb)
    execute.execute_chapter(nb, nb, "2022-03", TABLES, use_cache=False)
    assert nb.read_text(encoding="utf-8") == fresh
    assert "['In', 'Markdown', 'Out', 'display', 'exit', 'frame', 'get_ipython', 'open', 'pd', 'quit']" in fresh


def test_each_chapter_gets_a_fresh_namespace(tmp_path, cache):
    first = _notebook(tmp_path / "first.ipynb", "leak = 1\nprint('set')")
    second = _notebook(tmp_path / "second.ipynb", "print('leak' in globals())")
    execute.execute_all([(first, first), (second, second)], "2022-03", TABLES, jobs=1, use_cache=False)
    assert '"False\\n"' in second.read_text(encoding="utf-8")


def test_an_undeclared_read_fails_naming_the_chapter_and_the_file(tmp_path, cache):
    (tmp_path / "data" / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    nb = _notebook(tmp_path / "sneaky.ipynb", f"open({str(tmp_path / 'data' / 'extra.csv')!r}).read()")
    before = nb.read_bytes()
    with pytest.raises(execute.ExecutionError, match=r"sneaky\.ipynb: reads data/extra\.csv but its metadata"):
        execute.execute_chapter(nb, nb, "2022-03", TABLES, use_cache=False)
    assert nb.read_bytes() == before, "nothing is written for a chapter that failed the check"


def test_the_cache_is_keyed_on_the_bytes_of_everything_the_chapter_declares(tmp_path, cache):
    data = tmp_path / "data"
    (data / "national").mkdir()
    (data / "used.csv").write_text("1\n", encoding="utf-8")
    (data / "national" / "map.csv").write_text("a,b\n", encoding="utf-8")
    code = f"print(open({str(data / 'used.csv')!r}).read())"
    nb = _notebook(tmp_path / "reader.ipynb", code, reads=["data/used.csv", "data/national"])
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is False
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is True
    # A declared file the kernel may never open (a map a warm server had read for it) still keys the chapter.
    (data / "national" / "map.csv").write_text("a,c\n", encoding="utf-8")
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is False
    stat = (data / "used.csv").stat()
    (data / "used.csv").write_text("2\n", encoding="utf-8")  # the same size, and the time put back
    os.utime(data / "used.csv", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is False, "content, not time and size"
    assert '"2\\n"' in nb.read_text(encoding="utf-8")


def test_a_listed_folder_counts_as_read():
    assert execute._covering("data/evidence", ["data/evidence/cycles.csv"]) == "data/evidence/cycles.csv"
    assert execute._covering("data/evidence/ratings.csv", ["evidence-theme:rights"]) == "evidence-theme:rights"
    assert execute._covering("data/evidence/themes.csv", ["evidence-table:cycles"]) == "evidence-table:cycles"
    assert execute._covering("data/national/x.csv", ["data/evidence", "data/raw"]) is None


def test_a_table_is_covered_only_by_a_declaration_naming_it():
    table = "data/evidence/glossary.csv"
    assert execute._covering(table, ["evidence-table:cycles"], "table") is None
    assert execute._covering(table, ["evidence-table:glossary"], "table") == "evidence-table:glossary"
    assert execute._covering(table, ["evidence-theme:rights"], "table") == "evidence-theme:rights"
    assert execute._covering("data/evidence/key_messages.csv", ["evidence-theme:rights"], "table") is None
    assert execute._covering(table, ["data/evidence"], "table") == "data/evidence"


def test_using_an_undeclared_evidence_table_fails_naming_the_table(tmp_path, cache):
    from rssreview import evidence

    tables = evidence.load()
    code = "from rssreview import run\nlen(run.tables().cycles), len(run.tables().glossary)"
    nb = _notebook(tmp_path / "tables.ipynb", code, reads=["evidence-table:cycles"])
    with pytest.raises(execute.ExecutionError) as failed:
        execute.execute_chapter(nb, nb, "2022-03", tables, use_cache=False)
    assert "tables.ipynb: reads data/evidence/glossary.csv (the glossary table) but its metadata" in str(failed.value)
    assert "cycles table" not in str(failed.value)
    _notebook(nb, code, reads=["evidence-table:cycles", "evidence-table:glossary"])
    assert execute.execute_chapter(nb, nb, "2022-03", tables, use_cache=False).reused is False


def test_a_table_declaration_keys_on_that_tables_rows_only():
    import hashlib

    from rssreview import evidence

    real = evidence.load()
    edited_evidence = real.evidence.copy()
    edited_evidence.iloc[0, edited_evidence.columns.get_loc("summary")] += " Edited."
    edited = type(real)(**{**real.__dict__, "evidence": edited_evidence})

    def digest_for(entry: str, tables) -> str:
        return hashlib.sha256(execute._rows_text(tables, entry)).hexdigest()

    assert digest_for("evidence-table:cycles", real) == digest_for("evidence-table:cycles", edited)
    assert digest_for("evidence-table:evidence", real) != digest_for("evidence-table:evidence", edited)
    with pytest.raises(execute.ExecutionError, match="no evidence table called 'nope'"):
        digest_for("evidence-table:nope", real)


def test_re_execution_is_byte_identical_and_has_no_timing(tmp_path, cache):
    nb = _notebook(tmp_path / "a.ipynb", "from IPython.display import Markdown\nMarkdown(f'**{6 * 7}**')")
    execute.execute_chapter(nb, nb, "2022-03", TABLES, use_cache=False)
    first = nb.read_bytes()
    execute.execute_chapter(nb, nb, "2022-03", TABLES, use_cache=False)
    assert nb.read_bytes() == first
    assert b'"execution"' not in first and b"**42**" in first


def test_unchanged_chapter_is_reused_and_a_change_re_executes(tmp_path, cache):
    nb = _notebook(tmp_path / "b.ipynb", "print(1)")
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is False
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is True
    assert execute.execute_chapter(nb, nb, "2021-12", TABLES).reused is False, "another cycle is another key"
    _notebook(nb, "print(2)")
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is False


def test_a_failing_cell_names_the_chapter_and_keeps_the_file(tmp_path, cache):
    nb = _notebook(tmp_path / "c.ipynb", "raise ValueError('bad evidence row')")
    before = nb.read_bytes()
    with pytest.raises(execute.ExecutionError, match=r"c\.ipynb: a cell failed: ValueError: bad evidence row"):
        execute.execute_chapter(nb, nb, "2022-03", TABLES, use_cache=False)
    assert nb.read_bytes() == before


def test_a_cell_tag_or_notebook_option_alone_re_executes(tmp_path, cache):
    nb = _notebook(tmp_path / "tagged.ipynb", "print(1)")
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is False
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is True
    edited = nbformat.read(nb, as_version=4)
    edited.cells[1].metadata["tags"] = ["remove-input"]
    nbformat.write(edited, nb)
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is False
    assert '"remove-input"' in nb.read_text(encoding="utf-8")


def test_an_edited_figure_makes_its_chapter_run_again(tmp_path, cache):
    figure = tmp_path / "figures" / "x.csv"
    code = (
        f"import pathlib\npathlib.Path({str(figure)!r}).parent.mkdir(exist_ok=True)\n"
        f"pathlib.Path({str(figure)!r}).write_text('a\\n1\\n')\n"
        "from IPython.display import Markdown\nMarkdown('[CSV](../figures/x.csv)')"
    )
    (tmp_path / "notebooks").mkdir()
    nb = _notebook(tmp_path / "notebooks" / "chart.ipynb", code)
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is False
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is True
    figure.write_text("a\n2\n", encoding="utf-8")
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is False
    assert figure.read_text(encoding="utf-8") == "a\n1\n"


def test_a_download_the_render_writes_does_not_make_its_chapter_run_again(tmp_path, cache):
    """The workbook is written by the render, after the chapters ran: a new workbook leaves a linking chapter
    current (its own chart file still decides, as above)."""
    workbook = tmp_path / "figures" / "2022-03" / "rss-progress-report-tables-2022-03.xlsx"
    workbook.parent.mkdir(parents=True)
    workbook.write_bytes(b"old")
    code = "from IPython.display import Markdown\nMarkdown('[Workbook](../figures/2022-03/rss-progress-report-tables-2022-03.xlsx)')"
    (tmp_path / "notebooks").mkdir()
    nb = _notebook(tmp_path / "notebooks" / "appendix.ipynb", code)
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is False
    workbook.write_bytes(b"new")
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is True


def _dying_at_start(monkeypatch, times: int) -> list[int]:
    """NotebookClient.execute raising as jupyter_client does when a new kernel dies before it answers, `times`
    times, then running as usual; the list counts the calls."""
    from nbclient import NotebookClient

    real, calls = NotebookClient.execute, []

    def execute_or_die(self, **kwargs):
        calls.append(1)
        if len(calls) <= times:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(self, **kwargs)

    monkeypatch.setattr(NotebookClient, "execute", execute_or_die)
    return calls


def test_a_kernel_that_dies_before_it_answers_is_started_once_more(tmp_path, cache, monkeypatch):
    calls = _dying_at_start(monkeypatch, 1)
    nb = _notebook(tmp_path / "chapter.ipynb", "1 + 1")
    assert execute.execute_chapter(nb, nb, "2022-03", TABLES).reused is False
    assert len(calls) == 2
    assert nbformat.read(nb, as_version=4).cells[1].outputs[0]["data"]["text/plain"] == "2"


def test_a_kernel_that_dies_at_every_start_stops_the_chapter_in_one_line(tmp_path, cache, monkeypatch):
    calls = _dying_at_start(monkeypatch, execute.START_ATTEMPTS)
    nb = _notebook(tmp_path / "chapter.ipynb", "1 + 1")
    with pytest.raises(execute.ExecutionError, match=r"chapter.ipynb: the kernel stopped before it started, 2 times"):
        execute.execute_chapter(nb, nb, "2022-03", TABLES)
    assert len(calls) == execute.START_ATTEMPTS


def test_missing_chapter_is_reported(tmp_path, cache):
    with pytest.raises(execute.ExecutionError, match="the file is missing"):
        execute.execute_chapter(tmp_path / "gone.ipynb", tmp_path / "gone.ipynb", "2022-03", TABLES)


def test_figure_links_are_found_in_markdown_and_in_json_escaped_html():
    text = r'{"text/html": "<a href=\"../figures/2022-03/x.csv\">", "text/markdown": "[CSV](../figures/a.csv)"}'
    assert execute.FIGURE_LINK.findall(text) == ["figures/2022-03/x.csv", "figures/a.csv"]


def test_theme_reads_hash_only_that_themes_rows():
    import hashlib

    import pandas as pd

    from rssreview import evidence

    real = evidence.load()

    def digest_for(theme: str, tables) -> str:
        return hashlib.sha256(execute._rows_text(tables, execute.THEME + theme)).hexdigest()

    rec = int(real.recommendations.loc[real.recommendations["theme_id"] == "rights", "rec_id"].iloc[0])
    edited_evidence = real.evidence.copy()
    row = edited_evidence.index[(edited_evidence["rec_id"] == rec)][0]
    edited_evidence.loc[row, "summary"] = edited_evidence.loc[row, "summary"] + " Edited."
    edited = type(real)(**{**real.__dict__, "evidence": edited_evidence})
    assert isinstance(edited.evidence, pd.DataFrame)
    assert digest_for("rights", real) != digest_for("rights", edited)
    assert digest_for("staff", real) == digest_for("staff", edited)


def test_the_warm_server_listens_for_the_events_the_package_raises():
    """warm.py imports only the standard library, so it writes the event names again; they must match."""
    from rssreview import run
    from rssreview.book import warm
    from rssreview.evidence.load import TABLE_EVENT
    from rssreview.national.checked_table import READ_EVENT

    assert (warm.TABLES_EVENT, warm.TABLE_EVENT, warm.NATIONAL_EVENT) == (run.TABLES_EVENT, TABLE_EVENT, READ_EVENT)
