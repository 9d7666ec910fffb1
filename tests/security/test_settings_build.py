"""Settings are data too: hostile settings planted into the hostile build (tests/security/hostile.py), and into
scratch copies that must refuse to build.

Two kinds of value. Text that is only text (markup, scripts, Typst, long words in the contact's name, the
accessibility statement, the revisions and the related publications) must build and be shown as text: checked in
Chromium (no script runs, no event handler, no `javascript:` link, no request leaves the machine), in the PDF (every
link annotation https, none to a notebook or `javascript:`) and in the downloads (the workbook's links, the zip's
README). Values that could not be shown safely (a link that ends early, an e-mail address with markup, a
placeholder address, YAML anchors, tags and duplicate keys, invisible characters) stop the build before any
chapter runs, in one line naming the file and key, with no traceback.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from attacks import MARK, SCRIPT_EFFECT
from bs4 import BeautifulSoup
from project import copy_project, run
from security.hostile import EMAIL, REPOSITORY, SITE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def book(hostile_build: dict[str, str]) -> Path:
    return Path(hostile_build["project"]) / "_book"


@pytest.mark.browser
def test_no_script_handler_javascript_link_or_outside_request_in_chromium(book: Path, hostile_doms: dict):
    report = hostile_doms
    assert len(report) == len(list(book.rglob("*.html")))
    about = [name for name in report if name.endswith("about.html")]
    assert about and MARK in BeautifulSoup(report[about[0]]["dom"], "html.parser").get_text(), "nothing was planted"
    for name, found in report.items():
        assert not found["requests"], f"{name}: outside requests {found['requests']}"
        soup = BeautifulSoup(found["dom"], "html.parser")
        assert soup.html is not None and not soup.html.has_attr("data-pwned"), f"{name}: a planted script ran"
        for element in soup.find_all(True):
            for attribute in ("href", "src", "action", "formaction", "xlink:href", "data", "style"):
                value = "".join(str(element.get(attribute, "")).split()).lower()
                assert not value.startswith(("javascript:", "data:text/html", "vbscript:")), f"{name}: {element}"
                assert "url(" not in value or attribute != "style", f"{name}: {element}"
            handlers = [a for a in element.attrs if a.lower().startswith("on")]
            assert not handlers, f"{name}: event handler {handlers} on {element.name}"
        for script in soup.find_all("script"):
            assert SCRIPT_EFFECT not in script.get_text(), f"{name}: planted script element"


def test_the_about_page_links_only_the_settings_addresses(book: Path):
    soup = BeautifulSoup((book / "notebooks" / "about.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"] for a in soup.select("main a[href]")}
    assert f"mailto:{EMAIL}?subject=Restraint%20review%20rebuild%3A%20feedback" in links
    assert REPOSITORY in links
    outside = {h for h in links if ":" in h.split("/")[0]}
    assert all(h.startswith(("https://", "mailto:")) for h in outside), outside


def test_every_pdf_link_is_https_and_none_to_a_notebook(book: Path):
    for pdf in book.glob("*.pdf"):
        xml = subprocess.run(
            ["pdftohtml", "-xml", "-i", "-stdout", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        targets = [t.replace("&amp;", "&") for t in re.findall(r'href="([^"]+)"', xml)]
        outside = [t for t in targets if not re.fullmatch(rf"{re.escape(pdf.stem)}s?\.html#\d+", t)]
        assert outside, pdf.name
        allowed = ("https://", f"mailto:{EMAIL}?")  # the web, and the publisher's own contact address
        bad = [t for t in outside if not t.startswith(allowed) or ".ipynb" in t or "javascript" in t.lower()]
        assert not bad, f"{pdf.name}: {bad}"
        raw = pdf.read_bytes()
        assert b"/JavaScript" not in raw and b"/JS " not in raw and b"javascript:" not in raw.lower(), pdf.name
    main = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", str(book / "rss-progress-report.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f'href="{SITE}"' in main and f'href="{SITE}figures/' in main, "a release's PDF links the site's downloads"


def test_the_downloads_carry_no_live_link_from_the_settings(book: Path):
    for workbook in book.rglob("*.xlsx"):
        with zipfile.ZipFile(workbook) as archive:
            for name in archive.namelist():
                xml = archive.read(name).decode("utf-8", errors="replace")
                for target in re.findall(r'Target="([^"]+)"[^>]*TargetMode="External"', xml):
                    assert target.startswith("https://"), f"{workbook.name}/{name}: {target}"
    for bundle in book.rglob("*.zip"):
        with zipfile.ZipFile(bundle) as archive:
            readme = next((n for n in archive.namelist() if n.rsplit("/", 1)[-1].lower().startswith("readme")), None)
            assert readme, bundle.name
            text = archive.read(readme).decode("utf-8")
            assert not re.search(r"[\u202a-\u202e\u2066-\u2069\u200b\u0000-\u0008]", text), bundle.name
            # Plain text, never a format a viewer renders: the planted scripts and links in it stay inert words.
            assert readme.endswith(".txt") and MARK in text, f"{bundle.name}: {readme}"


#: (file, key path, value, what the one-line refusal says), each planted alone into a scratch copy.
REFUSED = [
    (
        "data/release.yml",
        "code_licence.url",
        "https://opensource.org/license/mit?x)[c](javascript:alert(1))",
        "key code_licence.url",
    ),
    (
        "data/release.yml",
        "code_licence.url",
        "https://x.org/?a){style=background-image:url(http://evil.example/p.png)}",
        "key code_licence.url",
    ),
    ("data/release.yml", "contact.email", "`<svg/onload=alert(20)>`{=html}@x.yz", "key contact.email"),
    ("data/release.yml", "contact.email", "maintainers@users.noreply.r-seed-28521c0f.example", "key contact.email"),
    ("data/release.yml", "contact.name", "maintainers \u202eevil", "U+202E"),
    ("data/release.yml", "revisions.date", "2026-02-30", "key revisions[1].date"),
    ("_quarto.yml", "book.site-url", "https://rss-review.example/", "key book.site-url"),
    ("_quarto.yml", "book.title", "Report `#page(fill: red)[HIJACKED]`{=typst}", "key book.title"),
]


def _plant_one(project: Path, file: str, key: str, value: str) -> None:
    path = project / file
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    *parents, last = key.split(".")
    target = raw
    for part in parents:
        target = target[part][0] if isinstance(target[part], list) else target[part]
    target[last] = value
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(("file", "key", "value", "named"), REFUSED, ids=[f"{r[1]}={r[2][:30]}" for r in REFUSED])
def test_unsafe_settings_stop_the_build_in_one_line(tmp_path: Path, file, key, value, named):
    project = copy_project(tmp_path)
    _plant_one(project, file, key, value)
    result = run(project, "build", "--builtin", timeout=600)
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr and "executed" not in result.stderr, result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if file in line]
    assert lines and named in lines[0], result.stderr[-2000:]


@pytest.mark.parametrize(
    "text",
    [
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{c}: &{c} [{(f'*{p},' * 9)[:-1]}]\n" for p, c in zip("abcdefgh", "bcdefghi")),
        "contact:\n  name: x\ncontact:\n  name: y\n",
        "contact: !!python/object:os.system {}\n",
    ],
    ids=["alias bomb", "duplicate key", "python tag"],
)
def test_hostile_yaml_stops_the_build_at_once(tmp_path: Path, text: str):
    project = copy_project(tmp_path)
    (project / "data" / "release.yml").write_text(text, encoding="utf-8")
    result = run(project, "build", "--builtin", timeout=300)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert re.search(r"data/release\.yml.*(anchor or alias|each key once|YAML tag)", result.stderr), result.stderr[
        -2000:
    ]


def test_data_as_a_link_to_elsewhere_stops_the_build(tmp_path: Path):
    project = copy_project(tmp_path / "a")
    elsewhere = tmp_path / "elsewhere"
    (project / "data").rename(elsewhere)
    (project / "data").symlink_to(elsewhere, target_is_directory=True)
    result = run(project, "build", "--builtin", timeout=300)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "data is a symbolic link" in result.stderr or "data: refused" in result.stderr, result.stderr[-2000:]
