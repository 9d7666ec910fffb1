"""The built site publishes every edition: each page links to its counterpart, and each PDF and download is there."""

from __future__ import annotations

import posixpath

import pytest
from bs4 import BeautifulSoup

from rssreview import run

pytestmark = pytest.mark.slow


def test_every_page_links_to_its_counterpart_in_each_earlier_edition(built_book):
    tables = run.tables()
    earlier = sorted(set(tables.cycles["cycle_id"]) - {tables.latest_cycle()})
    pages = sorted(p.relative_to(built_book).as_posix() for p in built_book.glob("*.html"))
    pages += sorted(p.relative_to(built_book).as_posix() for p in built_book.glob("notebooks/*.html"))
    assert earlier and pages
    for cycle in earlier:
        edition = built_book / "editions" / cycle
        for page in pages:
            soup = BeautifulSoup((built_book / page).read_text(encoding="utf-8"), "html.parser")
            switch = soup.select_one("nav.edition-switch")
            assert switch is not None, page
            hrefs = [str(a["href"]) for a in switch.find_all("a", href=True)]
            expected = posixpath.relpath(f"editions/{cycle}/{page}", posixpath.dirname(page) or ".")
            assert expected in hrefs, (page, hrefs)
            assert (edition / page).is_file(), page
            back = BeautifulSoup((edition / page).read_text(encoding="utf-8"), "html.parser")
            assert "earlier edition" in back.select_one("nav.edition-switch").get_text()
        assert (edition / "rss-progress-report.pdf").is_file()
        assert (built_book / "figures" / cycle / f"rss-progress-report-tables-{cycle}.xlsx").is_file()
        assert (edition / "figures" / cycle / f"rss-progress-report-csv-{cycle}.zip").is_file()
    about = (built_book / "notebooks" / "about.html").read_text(encoding="utf-8")
    assert all(f'href="../editions/{cycle}/index.html"' in about for cycle in earlier)
