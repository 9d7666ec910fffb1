"""Every edition stays published: which earlier editions the latest build publishes, and how pages link them."""

from __future__ import annotations

import json

import pytest

from rssreview import run as run_object
from rssreview.book import editions
from rssreview.book.render.errors import RenderError
from rssreview.book.render.site import EditionLink, _edition_switch
from rssreview.paths import BOOK
from rssreview.publication import edition_folder

EDITIONS = (
    EditionLink("September 2022 report", "", False),
    EditionLink("March 2022 edition", "editions/2022-03/", True),
    EditionLink("December 2021 report", "editions/2021-12/", False),
)


@pytest.fixture(scope="module")
def latest():
    return run_object.resolve(builtin=True)


def test_the_latest_edition_is_at_the_root_and_each_earlier_one_in_its_own_folder():
    assert edition_folder("2022-03", "2022-03") == ""
    assert edition_folder("2021-12", "2022-03") == "editions/2021-12/"


def test_a_page_links_to_the_same_page_in_every_other_edition():
    switch = _edition_switch(EDITIONS, "notebooks/03_community.html")
    assert switch == {
        "label": "March 2022 edition",
        "latest": False,
        "others": [
            {"label": "September 2022 report", "href": "../../../notebooks/03_community.html"},
            {"label": "December 2021 report", "href": "../../2021-12/notebooks/03_community.html"},
        ],
    }
    latest = [EditionLink(e.label, e.folder, e.folder == "") for e in EDITIONS]
    assert _edition_switch(latest, "index.html")["others"][1]["href"] == "editions/2021-12/index.html"


def test_a_site_with_one_edition_shows_no_switch():
    assert _edition_switch(EDITIONS[:1], "index.html") is None
    assert _edition_switch([EditionLink("March 2022 edition", "", True)], "index.html") is None


def test_the_latest_build_publishes_each_earlier_cycle_with_the_built_in_renderer(latest):
    earlier = editions.earlier_runs(latest)
    cycles = set(latest.tables.cycles["cycle_id"]) - {latest.cycle}
    assert {r.cycle for r in earlier} == cycles and cycles
    assert all(r.renderer == run_object.BUILTIN and r.output == BOOK.with_name(f"_book-{r.cycle}") for r in earlier)
    assert [link.current for link in editions.links(latest)] == [True, *([False] * len(cycles))]
    assert editions.links(latest)[0].label == "March 2022 edition"


def test_a_draft_or_an_earlier_cycle_publishes_no_other_edition(latest):
    from dataclasses import replace

    assert editions.earlier_runs(replace(latest, draft=True)) == []
    assert editions.links(replace(latest, draft=True)) == ()
    earlier = editions.earlier_runs(latest)[0]
    assert editions.earlier_runs(earlier) == []
    assert [link.current for link in editions.links(earlier)] == [False, True]


def test_an_earlier_edition_changes_the_sites_render_key(latest, tmp_path):
    from dataclasses import replace

    earlier = replace(editions.earlier_runs(latest)[0], output=tmp_path / "edition")
    (tmp_path / "edition").mkdir()
    manifest = tmp_path / "edition" / "build-manifest.json"
    manifest.write_text(json.dumps({"render_key": "one"}))
    first = editions.render_key("key", [earlier])
    manifest.write_text(json.dumps({"render_key": "two"}))
    assert editions.render_key("key", [earlier]) != first != "key"


def test_publishing_an_edition_copies_it_and_its_downloads(latest, tmp_path):
    from dataclasses import replace

    earlier = replace(editions.earlier_runs(latest)[0], output=tmp_path / "edition")
    stage = tmp_path / "stage"
    stage.mkdir()
    with pytest.raises(RenderError, match="make report"):
        editions.publish_into(stage, [earlier])
    figures = tmp_path / "edition" / "figures" / earlier.cycle
    figures.mkdir(parents=True)
    (figures / "table.csv").write_text("a\n1\n")
    (tmp_path / "edition" / "index.html").write_text("<p>edition</p>")
    (tmp_path / "edition" / "build-manifest.json").write_text(json.dumps({"render_key": "k"}))
    editions.publish_into(stage, [earlier])
    assert (stage / "editions" / earlier.cycle / "index.html").read_text() == "<p>edition</p>"
    assert (stage / "figures" / earlier.cycle / "table.csv").read_text() == "a\n1\n"


def test_quarto_and_the_preview_link_only_the_earlier_editions_already_built(latest, tmp_path, monkeypatch):
    from dataclasses import replace

    earlier = replace(editions.earlier_runs(latest)[0], output=tmp_path / "edition")
    monkeypatch.setattr(editions, "earlier_runs", lambda run: [earlier])
    assert editions.built_earlier_runs(latest) == []
    assert [link.current for link in editions.links(latest, [])] == [True]
    (tmp_path / "edition").mkdir()
    (tmp_path / "edition" / "index.html").write_text("<p>edition</p>")
    (tmp_path / "edition" / "build-manifest.json").write_text(json.dumps({"render_key": "k"}))
    assert editions.built_earlier_runs(latest) == [earlier]
    assert [link.current for link in editions.links(latest, [earlier])] == [True, False]


def test_quartos_site_gets_the_built_editions_and_every_page_its_lines(latest, tmp_path, monkeypatch):
    """What Quarto's post-render step does: the earlier editions copied in (again on a second run, replacing the
    first copy) and each page given the local-build line and the edition line."""
    from dataclasses import replace

    from quarto_fixture import notices, quarto_output

    earlier = replace(editions.earlier_runs(latest)[0], output=tmp_path / "edition")
    monkeypatch.setattr(editions, "earlier_runs", lambda run: [earlier])
    (tmp_path / "edition").mkdir()
    (tmp_path / "edition" / "index.html").write_text("<p>edition</p>")
    (tmp_path / "edition" / "build-manifest.json").write_text(json.dumps({"render_key": "k"}))
    output = quarto_output(tmp_path / "quarto")
    assert editions.finish_quarto_site(output, latest)
    assert editions.finish_quarto_site(output, latest) == [], "a second run changes no page"
    assert (output / "editions" / earlier.cycle / "index.html").read_text() == "<p>edition</p>"
    page = output / "notebooks/03_community.html"
    assert notices(page) == ["div publication-status local-build", "nav edition-switch"]
    assert f'href="../editions/{earlier.cycle}/notebooks/03_community.html"' in page.read_text(encoding="utf-8")
