"""The output folder is replaced only by a complete build; an interrupted one leaves it intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from rssreview.book import publish


@pytest.fixture
def out(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(publish, "BUILD", tmp_path / "_build")
    folder = tmp_path / "_book"
    folder.mkdir()
    (folder / "index.html").write_text("old", encoding="utf-8")
    return folder


def test_successful_build_replaces_the_output(out):
    with publish.staging(out) as stage:
        (stage / "index.html").write_text("new", encoding="utf-8")
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert not out.with_name("_book.previous").exists()


def test_failed_build_leaves_the_previous_output(out):
    with pytest.raises(RuntimeError), publish.staging(out) as stage:
        (stage / "index.html").write_text("half", encoding="utf-8")
        raise RuntimeError("render failed")
    assert (out / "index.html").read_text(encoding="utf-8") == "old"


def test_build_killed_between_renames_is_recovered(out):
    out.rename(out.with_name("_book.previous"))
    publish.recover(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "old"


def test_manifest_lists_inputs_with_checksums():
    data = publish.manifest("2022-03", "built-in")
    paths = {item["path"] for item in data["inputs"]}
    assert "data/evidence/ratings.csv" in paths and "_quarto.yml" in paths
    assert all(len(item["sha256"]) == 64 for item in data["inputs"])
    assert data["packages"]["pandas"] == "3.1.1"


@pytest.mark.parametrize("name", ["site.css", "easy-read.typ", "disclosure.js", "package-lock.json"])
def test_render_key_follows_the_static_files_and_the_pinned_pictures(name: str, monkeypatch) -> None:
    real = publish.sha256
    before = publish.render_key("2022-03", "built-in", False, [])
    monkeypatch.setattr(publish, "sha256", lambda path: "changed" if path.name == name else real(path))
    assert publish.render_key("2022-03", "built-in", False, []) != before


def test_render_key_changes_when_a_tool_is_upgraded(monkeypatch):
    notebooks = sorted((publish.ROOT / "notebooks").glob("*.ipynb"))
    before = publish.render_key("2022-03", "built-in", False, notebooks)
    assert publish.render_key("2022-03", "built-in", False, notebooks) == before
    upgraded = {**publish.package_versions(), "typst": "99.0"}
    monkeypatch.setattr(publish, "package_versions", lambda: upgraded)
    assert publish.render_key("2022-03", "built-in", False, notebooks) != before


def test_render_key_leaves_out_the_download_csvs_the_render_writes(monkeypatch):
    """The render rewrites figures/<cycle>/evidence.csv from the tables after the key is taken: counted, the
    build after every evidence edit rendered everything again. A chart a chapter drew still counts."""
    real = publish.sha256
    before = publish.render_key("2022-03", "built-in", False, [])
    monkeypatch.setattr(publish, "sha256", lambda path: "changed" if path.name == "evidence.csv" else real(path))
    evidence_table = publish.ROOT / "data" / "evidence" / "evidence.csv"
    assert evidence_table.exists()  # ...which is in the key, as the table the CSV is made from:
    assert publish.render_key("2022-03", "built-in", False, []) != before
    monkeypatch.setattr(
        publish, "sha256", lambda path: "changed" if publish.datapackage.is_download_csv(path) else real(path)
    )
    assert publish.render_key("2022-03", "built-in", False, []) == before
    monkeypatch.setattr(publish, "sha256", lambda path: "changed" if path.name == "restraint.svg" else real(path))
    assert publish.render_key("2022-03", "built-in", False, []) != before


def test_an_edition_is_keyed_and_recorded_by_its_own_figures_only(monkeypatch):
    """The December 2021 edition is rendered while the March 2022 build is rewriting its own figures: keyed or
    listed, those would make the earlier edition's record depend on the order of the builds."""
    real = publish.sha256
    before = publish.render_key("2021-12", "built-in", False, [])
    listed = {item["path"] for item in publish.manifest("2021-12", "built-in")["inputs"]}
    assert not [p for p in listed if p.startswith("figures/2022-03/")] and "figures/2021-12/restraint.svg" in listed
    monkeypatch.setattr(publish, "sha256", lambda path: "changed" if "2022-03" in str(path) else real(path))
    assert publish.render_key("2021-12", "built-in", False, []) == before
    monkeypatch.setattr(publish, "sha256", lambda path: "changed" if "figures/2021-12" in str(path) else real(path))
    assert publish.render_key("2021-12", "built-in", False, []) != before


def test_two_renders_of_one_output_take_turns(out):
    import threading

    order: list[str] = []
    inside = threading.Event()

    def first() -> None:
        with publish.staging(out) as stage:
            inside.set()
            order.append("first in")
            (stage / "index.html").write_text("first", encoding="utf-8")
            threading.Event().wait(0.3)
            order.append("first out")

    thread = threading.Thread(target=first)
    thread.start()
    inside.wait(5)
    with publish.staging(out) as stage:
        order.append("second in")
        (stage / "index.html").write_text("second", encoding="utf-8")
    thread.join()
    assert order == ["first in", "first out", "second in"]
    assert (out / "index.html").read_text(encoding="utf-8") == "second"
