"""The preview serves the site with a reload script, bumps its version on each swap, and sees every edit."""

from __future__ import annotations

import http.server
import threading
import urllib.request
from pathlib import Path

import pytest

import rssreview.book.preview as preview


@pytest.fixture
def served(tmp_path: Path):
    site = preview.Site(tmp_path / "site")
    site.folder.mkdir()
    (site.folder / "index.html").write_text("<html><body><p>first</p></body></html>", encoding="utf-8")
    (site.folder / "data.csv").write_text("a\n</body>\n", encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), preview.handler(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_pages_carry_the_reload_script_and_files_stay_as_built(served):
    site, url = served
    page = get(url)
    assert "<p>first</p>" in page and page.endswith(preview.RELOAD_SCRIPT + "</body></html>")
    assert "http" not in preview.RELOAD_SCRIPT, "the script fetches nothing from the internet"
    assert get(url + "data.csv") == "a\n</body>\n"
    assert (site.folder / "index.html").read_text(encoding="utf-8") == "<html><body><p>first</p></body></html>"


def test_publishing_swaps_the_pages_and_bumps_the_version(served, tmp_path):
    site, url = served
    before = get(url + preview.VERSION_PATH.lstrip("/"))
    stage = tmp_path / "next"
    stage.mkdir()
    (stage / "index.html").write_text("<html><body><p>second</p></body></html>", encoding="utf-8")
    site.publish(stage)
    assert get(url + preview.VERSION_PATH.lstrip("/")) != before
    assert "<p>second</p>" in get(url)
    assert not stage.exists()


def test_snapshots_see_edits_additions_and_removals(tmp_path):
    (tmp_path / "data" / "evidence").mkdir(parents=True)
    (tmp_path / "notebooks" / ".ipynb_checkpoints").mkdir(parents=True)
    (tmp_path / "_quarto.yml").write_text("a", encoding="utf-8")
    kept = tmp_path / "data" / "evidence" / "ratings.csv"
    kept.write_text("1", encoding="utf-8")
    (tmp_path / "notebooks" / ".ipynb_checkpoints" / "x.ipynb").write_text("{}", encoding="utf-8")
    first = preview.snapshot(tmp_path)
    assert set(first) == {"_quarto.yml", "data/evidence/ratings.csv"}
    kept.write_text("22", encoding="utf-8")
    (tmp_path / "notebooks" / "new.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "_quarto.yml").unlink()
    assert preview.changes(first, preview.snapshot(tmp_path)) == {
        "data/evidence/ratings.csv",
        "notebooks/new.ipynb",
        "_quarto.yml",
    }


def test_the_preview_names_its_edition_and_links_the_earlier_ones_built(tmp_path, monkeypatch):
    """The preview renders through the same code as the built site, with the same edition line: to the earlier
    editions already built, which it copies in beside its pages."""
    import dataclasses
    import json

    from rssreview import run as run_object
    from rssreview.book import editions

    latest = run_object.resolve(builtin=True)
    earlier = dataclasses.replace(editions.earlier_runs(latest)[0], output=tmp_path / "edition")
    (tmp_path / "edition").mkdir()
    (tmp_path / "edition" / "index.html").write_text("<p>edition</p>")
    (tmp_path / "edition" / "build-manifest.json").write_text(json.dumps({"render_key": "k"}))
    monkeypatch.setattr(editions, "earlier_runs", lambda run: [earlier])
    rendered = {}

    def render_into(run, stage, formats=None, before_resources=None, editions=()):
        stage.mkdir(parents=True)
        (stage / "index.html").write_text("<p>latest</p>")
        rendered["editions"] = editions

    monkeypatch.setattr(preview.pipeline, "execute", lambda run, **options: [])
    monkeypatch.setattr(preview.pipeline, "render_into", render_into)
    monkeypatch.setattr(preview.Preview, "_pdf_and_workbook", lambda self, run, generation: None)
    built = preview.Preview.__new__(preview.Preview)
    built.resolve, built.jobs, built.say, built.generation = (lambda: latest), 1, lambda message: None, 0
    built.folder = tmp_path / "preview"
    built.site = preview.Site(built.folder / "site")
    assert built.build()
    assert [link.current for link in rendered["editions"]] == [True, False]
    assert (built.site.folder / "editions" / earlier.cycle / "index.html").read_text() == "<p>edition</p>"
