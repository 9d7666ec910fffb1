"""`_quarto.yml`'s settings: one reader, every value checked, and no invented or placeholder address."""

from __future__ import annotations

import pytest
import yaml

from rssreview.paths import QUARTO_YML
from rssreview.publication import settings
from rssreview.settings_file import SettingsError


def _with(tmp_path, change) -> object:
    raw = yaml.safe_load(QUARTO_YML.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "_quarto.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_the_projects_settings_are_a_local_build_until_an_address_is_set():
    publication = settings()
    assert publication.author and publication.status and publication.title
    # no site address has ever been published, so none is invented: the build says it is a local one
    assert publication.site_url is None and not publication.published and publication.url("x.pdf") is None


def test_a_real_https_address_makes_a_release(tmp_path):
    path = _with(tmp_path, lambda raw: raw["book"].update({"site-url": "https://rebuild.cqc-review.org.uk/"}))
    assert settings(path).url("figures/a.csv") == "https://rebuild.cqc-review.org.uk/figures/a.csv"


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("site-url", "https://rss-review.example/", "reserved for examples"),
        ("site-url", "https://rebuild.invalid/", "reserved for examples"),
        ("site-url", "https://site.test/", "reserved for examples"),
        ("site-url", "http://rebuild.org.uk/", "https://"),
        ("site-url", "https://x.org/a)[x](javascript:alert(1))", "no spaces, brackets"),
        ("title", "Report `#page(fill: red)[HIJACKED]`{=typst}", "plain words"),
        ("author", 'Team", body: [#page()[x]], y: "', "plain words"),
        ("author", [{"name": "<svg/onload=alert(1)>"}], "plain words"),
        ("subtitle", "[click](javascript:alert(1))", "plain words"),
        ("body-header", "<script>alert(1)</script>", "without raw HTML"),
        ("body-header", "[About](javascript:alert(1))", "a page of the book"),
        ("body-header", "[x](y){onmouseover=alert(1)}", "attributes"),
        ("page-footer", {"right": [{"text": "About", "href": "javascript:alert(1)"}]}, "a page of the book"),
        ("page-footer", {"left": "`<b>x</b>`{=html}"}, "without raw HTML"),
    ],
)
def test_hostile_or_placeholder_values_are_refused_naming_the_key(tmp_path, key, value, expected):
    path = _with(tmp_path, lambda raw: raw["book"].update({key: value}))
    with pytest.raises(SettingsError) as caught:
        settings(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, key book.{key}") and expected in message, message


def test_the_status_line_is_plain_words(tmp_path):
    path = _with(tmp_path, lambda raw: raw.update({"rss-status": "Official `<script>`{=html}"}))
    with pytest.raises(SettingsError, match=r"key rss-status: expected plain words"):
        settings(path)
