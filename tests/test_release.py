"""data/release.yml: the project's settings load, and a bad file is reported key by key."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from rssreview.paths import RELEASE
from rssreview.publication import settings
from rssreview.release import ReleaseError, read_release


def _write(tmp_path, raw) -> object:
    path = tmp_path / "release.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _raw() -> dict:
    return yaml.safe_load(RELEASE.read_text(encoding="utf-8"))


def test_the_projects_settings_load():
    release = read_release()
    assert release.revisions and release.related and release.code_licence.file


def test_edition_date_is_the_latest_revision(tmp_path):
    raw = _raw()
    raw["revisions"] = [{"date": "2026-12-02", "change": "First."}, {"date": "2027-01-15", "change": "Fixed a typo."}]
    assert read_release(_write(tmp_path, raw)).edition_date == dt.date(2027, 1, 15)


def test_every_problem_is_named_by_key(tmp_path):
    raw = _raw()
    raw["contact"]["email"] = "not an address"
    raw["related"][0]["url"] = "nowhere"
    raw["surprise"] = 1
    with pytest.raises(ReleaseError) as caught:
        read_release(_write(tmp_path, raw))
    lines = str(caught.value).splitlines()
    assert any("key contact.email" in line for line in lines)
    assert any("key related[1].url" in line for line in lines)
    assert any("key surprise" in line for line in lines)
    assert all(line.startswith(str(tmp_path / "release.yml")) for line in lines)


def test_an_impossible_date_names_the_file_and_key(tmp_path):
    path = tmp_path / "release.yml"
    path.write_text(RELEASE.read_text(encoding="utf-8").replace("date: 2026-12-02", "date: 2026-02-30"), "utf-8")
    with pytest.raises(ReleaseError) as caught:
        read_release(path)
    assert str(caught.value).startswith(f"{path}, key revisions[1].date:"), caught.value
    assert "2026-02-30" in str(caught.value) and len(str(caught.value).splitlines()) == 1


def test_unreadable_yaml_is_one_line(tmp_path):
    path = tmp_path / "release.yml"
    path.write_text("contact: [unclosed", encoding="utf-8")
    with pytest.raises(ReleaseError, match="cannot be read as YAML"):
        read_release(path)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        # links that once became live markup on the About page (issue 22)
        ("code_licence.url", "https://opensource.org/license/mit?x)[click](javascript:alert(document.domain))"),
        ("code_licence.url", "https://opensource.org/license/mit?a){onmouseover=alert(19)}"),
        ("code_licence.url", "https://x.org/?a){style=background-image:url(http://evil.example/px.png)}"),
        ("code_licence.url", "javascript:alert(1)"),
        ("code_licence.url", "https://x.org/a|b"),
        ("repository", "https://x.org/[a]"),
        ("contact.email", "`<svg/onload=alert(20)>`{=html}@x.yz"),
        ("contact.email", "a@b.c)[x](javascript:alert(1))"),
        # placeholders a release must never publish
        ("contact.email", "maintainers@users.noreply.r-seed-28521c0f.example"),
        ("contact.email", "team@project.test"),
        ("contact.email", "noreply@cqc.org.uk"),
        ("repository", "https://code.example.org/rebuild"),
    ],
)
def test_hostile_or_placeholder_values_are_refused(tmp_path, key, value):
    raw = _raw()
    *parents, last = key.split(".")
    target = raw
    for part in parents:
        target = target[part]
    target[last] = value
    with pytest.raises(ReleaseError, match="key " + re.escape(key)):
        read_release(_write(tmp_path, raw))


def test_the_author_is_the_project_never_cqc():
    assert settings().author
    assert "Care Quality Commission" not in settings().author
