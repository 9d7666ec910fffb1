"""data/release.yml: the project's settings load, and a bad file is reported key by key."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from rssreview.paths import RELEASE
from rssreview.release import ReleaseError, book_author, read_release


def test_the_projects_settings_load():
    settings = read_release()
    assert settings.contact.email and settings.revisions and settings.related


def test_edition_date_is_the_latest_revision(tmp_path):
    raw = yaml.safe_load(RELEASE.read_text(encoding="utf-8"))
    raw["revisions"] = [{"date": "2026-12-02", "change": "First."}, {"date": "2027-01-15", "change": "Fixed a typo."}]
    path = tmp_path / "release.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    assert read_release(path).edition_date == dt.date(2027, 1, 15)


def test_every_problem_is_named_by_key(tmp_path):
    raw = yaml.safe_load(RELEASE.read_text(encoding="utf-8"))
    raw["contact"]["email"] = "not an address"
    raw["related"][0]["url"] = "nowhere"
    raw["surprise"] = 1
    path = tmp_path / "release.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ReleaseError) as caught:
        read_release(path)
    lines = str(caught.value).splitlines()
    assert any("key contact.email" in line for line in lines)
    assert any("key related.0.url" in line for line in lines)
    assert any("key surprise" in line for line in lines)
    assert all(line.startswith(str(path)) or "release.yml" in line for line in lines)


def test_unreadable_yaml_is_one_line(tmp_path):
    path = tmp_path / "release.yml"
    path.write_text("contact: [unclosed", encoding="utf-8")
    with pytest.raises(ReleaseError, match="cannot be read as YAML"):
        read_release(path)


def test_the_author_is_the_project_never_cqc():
    assert "Care Quality Commission" not in book_author()
    assert book_author()
