"""The About page's list of editions: a link to each edition on the site, its address in the PDF."""

from __future__ import annotations

import pytest

from rssreview import run
from rssreview.present import about
from rssreview.present.text import local_link


@pytest.mark.parametrize("path", ["../editions/2021-12/index.html", "index.html", "a_b/c-d.html#part-2"])
def test_a_relative_link_to_a_site_file_is_kept(path):
    assert local_link("Report (March 2022)", path) == f"[Report \\(March 2022\\)]({path})"


@pytest.mark.parametrize(
    "path", ["https://example.org/", "//example.org/x", "/etc/passwd", "a b.html", "x.html)", "javascript:alert(1)", ""]
)
def test_anything_but_a_relative_site_path_is_refused(path):
    with pytest.raises(ValueError, match="one of the publication's own files"):
        local_link("label", path)


def test_each_edition_is_linked_from_the_latest_and_from_an_earlier_one(monkeypatch):
    tables = run.tables()
    local = about.edition_links(tables, "2022-03")
    assert "(../editions/2021-12/index.html)" in local and "(../index.html) (this edition)" in local
    pdf = local.rsplit(":::", 2)[-2]
    assert "December 2021" in pdf and "](" not in pdf, "a local build has no address to give in the PDF"
    published = about.settings().model_copy(update={"site_url": "https://rebuild.example.org/progress-report/"})
    monkeypatch.setattr(about, "settings", lambda: published)
    latest = about.edition_links(tables, "2022-03")
    assert "/progress-report/editions/2021-12/)" in latest  # the PDF gives the edition's address on the site
    earlier = about.edition_links(tables, "2021-12")
    assert "(../../../index.html) (the latest)" in earlier and "(../index.html) (this edition)" in earlier
