"""The built book: every chapter in HTML and PDF, figures computed from the data, nothing from the network."""

from __future__ import annotations

import json
import re
import subprocess

import nbformat
import pytest

from rssreview import run
from rssreview.book.chapters import chapter_files
from rssreview.evidence import progress
from rssreview.paths import ROOT

pytestmark = pytest.mark.slow


def _titles() -> dict[str, str]:
    titles = {}
    for chapter in chapter_files():
        path = ROOT / chapter
        if chapter.endswith(".ipynb"):
            first = nbformat.read(path, as_version=4).cells[0].source
        else:
            first = path.read_text(encoding="utf-8").splitlines()[0]
        titles[chapter] = re.sub(r"\s*\{.*\}$", "", first.lstrip("# ").strip())
    return titles


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u00ad", "")).lower()


@pytest.fixture(scope="module")
def pdf_text(built_book) -> str:
    pdf = built_book / "rss-progress-report.pdf"
    return _squash(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)


def test_every_chapter_has_a_page_with_its_title(built_book):
    for chapter, title in _titles().items():
        page = built_book / (chapter.rsplit(".", 1)[0].replace("index", "index") + ".html")
        assert page.exists(), f"no page for {chapter}"
        assert _squash(title) in _squash(page.read_text(encoding="utf-8")), f"{title!r} missing from {page.name}"


def test_every_chapter_title_is_in_the_pdf(pdf_text):
    missing = [title for title in _titles().values() if _squash(title) not in pdf_text]
    assert not missing, f"missing from the PDF: {missing}"


def test_the_summary_shows_the_counts_computed_from_the_ratings(built_book, pdf_text):
    tables = run.tables()
    counts = progress.status_counts(tables, tables.latest_cycle()).set_index("status")["count"]
    page = _squash((built_book / "notebooks" / "01_summary.html").read_text(encoding="utf-8"))
    for phrase in (f"<strong>{counts['not achieved']}</strong> not achieved", "recommendations by status"):
        assert _squash(phrase) in page
    assert f"{counts['not achieved']} not achieved" in pdf_text
    assert "figure 1.1" in pdf_text and "table 1.1" in pdf_text


def test_no_asset_comes_from_the_network(built_book):
    for page in built_book.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:[^"]+)"', html)
        assert not remote, f"{page.name} loads {remote}"
    assert (built_book / "figures" / "vendor" / "vega-bundle.js").stat().st_size > 500_000


def test_manifest_records_inputs_and_versions(built_book):
    manifest = json.loads((built_book / "build-manifest.json").read_text(encoding="utf-8"))
    assert manifest["cycle"] == run.tables().latest_cycle()
    assert any(item["path"] == "data/evidence/ratings.csv" for item in manifest["inputs"])
    assert manifest["packages"]["altair"] == "6.3.0"


def test_a_killed_render_leaves_the_last_good_output(built_book):
    import os
    import signal
    import sys
    import time

    before = (built_book / "index.html").read_bytes()
    env = {k: v for k, v in os.environ.items() if k != "RSSREVIEW_CYCLE"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rssreview", "render", "--builtin", "--force"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(1.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (built_book / "index.html").read_bytes() == before
    assert (built_book / "rss-progress-report.pdf").exists()


def test_every_local_link_and_download_resolves(built_book):
    missing = []
    for page in built_book.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"#:]+)(?:#[^"]*)?"', html):
            if not (page.parent / target).resolve().exists():
                missing.append(f"{page.relative_to(built_book)} -> {target}")
    assert not missing, missing
    latest = run.tables().latest_cycle()
    assert (built_book / "figures" / latest / f"rss-progress-report-tables-{latest}.xlsx").exists()


def test_each_national_chart_is_followed_by_its_figures_that_are_not_confirmed(built_book, pdf_text):
    """The text after each chart names every point it draws half-filled or hollow, on the page and in the PDF;
    the same data give the same words in both (rssreview.present.national_charts.not_confirmed)."""
    from rssreview.present import national_charts as charts

    tables = run.tables()
    cycle_id = tables.latest_cycle()
    data_month = tables.cycle(cycle_id)["data_month"]
    pages = {
        charts.people_in_hospital: "10_people_in_hospital.html",
        charts.people_by_diagnosis: "10_people_in_hospital.html",
        charts.restraint: "11_restraint.html",
        charts.send_inspections: "12_send.html",
    }
    for build, page in pages.items():
        data = build(cycle_id, data_month).output.data
        html = _squash((built_book / "notebooks" / page).read_text(encoding="utf-8"))
        for word, drawn in (("inferred", "half-filled"), ("uncertain", "hollow")):
            points = data[data["Certainty"] == word]
            if points.empty:
                continue
            assert f" {word} figure" in html and f"as {'a ' if len(points) == 1 else ''}{drawn} point" in html, page
            for date, series in zip(points["Date"], points["Series"]):
                listed = _squash(f"{date}, {series}:")
                assert listed in html, (page, listed)
                assert listed in pdf_text, listed


def test_the_landing_pages_data_files_link_their_numbered_figures(built_book):
    page = (built_book / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'shown in <a href="notebooks/10_people_in_hospital\.html#fig-people-in-hospital"[^>]*>Figure\s+10\.1</a>', page
    )
    assert "landing page's list" not in page and "(JSON))" not in page
