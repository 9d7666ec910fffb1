"""YAML is read once per text, and each reader gets a copy of its own."""

from __future__ import annotations

from rssreview.files import read_yaml


def test_each_reader_gets_its_own_copy_and_an_edit_is_read(tmp_path):
    path = tmp_path / "settings.yml"
    path.write_text("book:\n  title: First\n", encoding="utf-8")
    first = read_yaml(path)
    first["book"]["title"] = "changed by a reader"
    assert read_yaml(path) == {"book": {"title": "First"}}
    path.write_text("book:\n  title: Second\n", encoding="utf-8")
    assert read_yaml(path) == {"book": {"title": "Second"}}
