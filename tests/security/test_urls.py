"""One URL rule for every table: http(s), a host, and nothing that could end or escape a link."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from evidence_fixture import ROWS, write_tables

from rssreview import evidence
from rssreview.national.errors import NationalDataError
from rssreview.national.figures import FIGURE_COLUMNS, load_national_figures
from rssreview.national.manifest import MANIFEST_COLUMNS, read_manifest
from rssreview.privacy import load_published_contacts
from rssreview.urls import are_safe_urls, is_safe_url

GOOD = [
    "https://www.cqc.org.uk/publications/a-b_c~d?x=1&y=2#top",
    "http://example.org",
    "https://cqc.org.uk./x",
    "https://example.org:8080/a%20b",
    "https://a.example/path;p=1,2+3*!$",
]
BAD = [
    "javascript:alert(1)",
    "JavaScript://example.org/%0aalert(1)",
    "data:text/html,<script>",
    "file:///etc/passwd",
    "external:c:/x",
    "ftp://example.org/x",
    "https://",
    "https:///path",
    "https://user@evil.example/",
    "https://example.org/a b",
    "https://example.org/a\tb",
    "https://example.org/a\nb",
    "https://example.org/\u00a0",
    'https://example.org/"onmouseover="x',
    "https://example.org/'x'",
    "https://example.org/(x)",
    "https://example.org/[x]",
    "https://example.org/{x}",
    "https://example.org/<script>",
    "https://example.org/`x`",
    "https://example.org/a\\b",
    "https://example.org/a|b",
    "https://example.org/\u00e9tude",
    " https://example.org",
    "https://example.org/\n",
    "//example.org/x",
    "https://-example.org/",
    "",
]


@pytest.mark.parametrize("url", GOOD)
def test_plain_web_addresses_pass(url):
    assert is_safe_url(url)


@pytest.mark.parametrize("url", BAD)
def test_anything_that_could_escape_a_link_is_refused(url):
    assert not is_safe_url(url)
    assert not are_safe_urls(url)


def test_lists_of_addresses():
    assert are_safe_urls(f"{GOOD[0]} ; {GOOD[1]}")
    assert not are_safe_urls(f"{GOOD[0]} ; javascript:alert(1)")


@pytest.mark.parametrize(
    "table,column,index",
    [
        ("evidence", "source_url", 7),
        ("cycles", "source_url", 5),
        ("ratings", "sources", 5),
        ("recommendations", "source_urls", 10),
        ("pseudonyms", "source_url", 1),
    ],
)
@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://example.org/)<script>alert(1)</script>"])
def test_every_evidence_table_refuses_a_bad_address(tmp_path: Path, table, column, index, url):
    rows = {name: [list(row) for row in body] for name, body in ROWS.items()}
    rows[table][0][index] = url
    with pytest.raises(evidence.EvidenceError) as caught:
        evidence.load(write_tables(tmp_path / "evidence", rows))
    lines = str(caught.value).splitlines()[1:]
    assert len(lines) == 1 and f"column {column}" in lines[0] and ", row 2, " in lines[0], lines


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])
    return path


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://example.org/<script>", "https://x.org/a b"])
def test_national_figures_refuse_a_bad_address(tmp_path: Path, url):
    path = write_csv(
        tmp_path / "national" / "national_figures.csv",
        FIGURE_COLUMNS,
        [["AT", "2021-09-30", "inpatients_total", "2080", url, "official", "confirmed", "", ""]],
    )
    with pytest.raises(NationalDataError) as caught:
        load_national_figures(path)
    assert str(caught.value).splitlines() == [
        f"national_figures.csv, row 2, column source_url: expected a web address starting http:// or https:// "
        f"with a host, and no spaces, brackets, quotes or backticks; found {url!r}"
    ]


def test_the_raw_manifest_refuses_a_bad_address(tmp_path: Path):
    path = write_csv(
        tmp_path / "raw" / "manifest.csv",
        MANIFEST_COLUMNS,
        [["AT.csv", "AT", "2021-09", "javascript:alert(1)"] + [""] * (len(MANIFEST_COLUMNS) - 4)],
    )
    with pytest.raises(NationalDataError, match=r"manifest.csv, row 2, column source_url: expected a web address"):
        read_manifest(path)


def test_the_published_contacts_refuse_a_bad_address(tmp_path: Path):
    path = write_csv(
        tmp_path / "privacy" / "published_contacts.csv",
        ["kind", "value", "organisation", "source_url"],
        [["postcode", "NE1 4PA", "CQC", "javascript:alert(1)"]],
    )
    with pytest.raises(ValueError, match=r"published_contacts.csv, row 2, column source_url"):
        load_published_contacts(path)
