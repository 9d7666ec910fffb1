"""The one reader for settings files: hostile YAML is refused before it costs anything, naming file and key."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import yaml

from rssreview import settings_file
from rssreview.paths import QUARTO_YML, RELEASE
from rssreview.settings_file import SettingsError, read_settings

ALIAS_BOMB = textwrap.dedent(
    """\
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """
)


def _settings(tmp_path, text: str, name: str = "release.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_projects_settings_files_read():
    assert read_settings(RELEASE)["revisions"]
    assert read_settings(QUARTO_YML)["book"]["chapters"]


def test_each_caller_gets_its_own_copy():
    first = read_settings(QUARTO_YML)
    first["book"]["title"] = "changed"
    assert read_settings(QUARTO_YML)["book"]["title"] != "changed"


def test_an_alias_bomb_is_refused_before_anything_is_composed(tmp_path, monkeypatch):
    path = _settings(tmp_path, ALIAS_BOMB)

    def never(*args, **kwargs):
        raise AssertionError("the file was composed")

    monkeypatch.setattr(settings_file.yaml, "compose", never)
    with pytest.raises(SettingsError, match=r"line 1: .*anchor or alias \(&a\)"):
        read_settings(path)


@pytest.mark.parametrize("kind", ["alias bomb", "24 MB string"])
def test_hostile_files_are_refused_at_once_in_a_fresh_process(tmp_path, kind):
    """In a subprocess with a time limit: the bomb once ran for 5 minutes and took 6 GB."""
    if kind == "alias bomb":
        path = _settings(tmp_path, ALIAS_BOMB)
        limit = "anchor or alias"
    else:
        path = tmp_path / "release.yml"
        path.write_text("contact:\n  name: " + "x" * (24 * 1024 * 1024) + "\n", encoding="utf-8")
        limit = "larger than 64 KB, the limit for this settings file"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from rssreview.settings_file import read_settings as r; r(sys.argv[1])",
            path,
        ],
        capture_output=True,
        text=True,
        timeout=30,  # the bomb once ran for 5 minutes; 30 s leaves room for a loaded machine's imports
        check=False,
    )
    assert done.returncode != 0 and limit in done.stderr, done.stderr[-500:]


def test_an_oversized_file_is_refused_without_reading_it_whole(tmp_path, monkeypatch):
    path = _settings(tmp_path, "a: " + "x" * 70_000 + "\n")
    monkeypatch.setattr(settings_file.yaml, "parse", lambda *a, **k: pytest.fail("the file was parsed"))
    with pytest.raises(SettingsError, match="larger than 64 KB"):
        read_settings(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: 2\na: 3\n", r"key a \(line 3\): expected each key once; found it again \(first on line 1\)"),
        ("book:\n  title: x\n  title: y\n", r"key book\.title \(line 3\): expected each key once"),
        ("a: !!python/object:os.system {}\n", r"line 1: .*found the YAML tag 'tag:yaml.org,2002:python/object:os"),
        ("a: !!binary aGVsbG8=\n", r"YAML tag"),
        ("a: !custom x\n", r"YAML tag '!custom'"),
        ("a: &x 1\nb: *x\n", r"anchor or alias"),
        ('a: "right\\u202eleft"\n', r"key a \(line 1\): expected visible text.*U\+202E RIGHT-TO-LEFT OVERRIDE"),
        ('a: ["ok", "bell\\x07"]\n', r"key a\[2\] \(line 1\): .*U\+0007"),
        ("a: " + "e" + "\u0301" * 5 + "\n", r"more than 4 combining marks"),
        ("a: [[[[[[[[[[[[1]]]]]]]]]]]]\n", r"nested at most 6 deep"),
        ("a: " + "x" * 2_001 + "\n", r"at most 2,000 characters; found 2,001"),
        ("a: [unclosed\n", r"cannot be read as YAML"),
    ],
)
def test_each_hostile_form_is_one_line_naming_the_file(tmp_path, text, expected):
    path = _settings(tmp_path, text)
    with pytest.raises(SettingsError, match=expected) as caught:
        read_settings(path)
    assert all(line.startswith(str(path)) for line in str(caught.value).splitlines())


def test_dates_stay_text_for_the_models_to_check(tmp_path):
    assert read_settings(_settings(tmp_path, "date: 2026-02-30\nother: 2026-12-02\n")) == {
        "date": "2026-02-30",
        "other": "2026-12-02",
    }


def test_a_symbolic_link_is_refused(tmp_path):
    target = _settings(tmp_path, "a: 1\n", "elsewhere.yml")
    link = tmp_path / "release.yml"
    link.symlink_to(target)
    with pytest.raises(SettingsError, match="symbolic link"):
        read_settings(link)


def test_a_quoted_tag_free_value_is_plain_text(tmp_path):
    assert read_settings(_settings(tmp_path, 'a: "!!python/object"\n')) == {"a": "!!python/object"}


def test_plain_yaml_reads_as_safe_load_would(tmp_path):
    text = "a: [1, 2.5, true, null]\nb: {c: text, d: 'q'}\n"
    assert read_settings(_settings(tmp_path, text)) == yaml.safe_load(text)


def test_an_edit_is_read_at_once(tmp_path):
    path = _settings(tmp_path, "book:\n  title: First\n")
    assert read_settings(path) == {"book": {"title": "First"}}
    path.write_text("book:\n  title: Second\n", encoding="utf-8")
    assert read_settings(path) == {"book": {"title": "Second"}}
