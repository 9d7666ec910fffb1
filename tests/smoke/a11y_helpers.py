"""Helpers for the publication checks: the browser check (accessibility and layout) and the PDF checks.

The browser check runs in Node (tests/a11y/check.mjs) because axe-core and a real Chromium are
the reference tools for WCAG; this module starts it, reads its JSON and turns the results
into readable failure messages. The PDF checks use poppler-utils, which CI installs anyway.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from rssreview.paths import ROOT

A11Y_DIR = ROOT / "tests" / "a11y"
ARTIFACTS = ROOT / "test-artifacts"
CHECK_TIMEOUT_S = 900
CONTENTS_HEADING = re.compile(r"(table of )?contents", re.IGNORECASE)
LEADING_NUMBER = re.compile(
    r"^(?:Appendix\s+[A-Z]\s+[\u2014\u2013-]\s+|(?:chapter\s+)?\d+(?:\.\d+)*\.?\s+)", re.IGNORECASE
)
OUTLINE_ITEM = re.compile(r"<item\b[^>]*>(.*?)</item>", re.DOTALL)
TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00ad": None})


def _tool(name: str) -> str:
    """Full path of a required command-line tool, or one clear error saying how to get it."""
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"'{name}' is not on PATH; install it (see tests/a11y/package.json or poppler-utils)")
    return found


def _run(args: list[str], cwd: Path | None = None, timeout: float = 120) -> str:
    """Run a tool and return its stdout; on failure raise with the tool's own stderr."""
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr.strip()}")
    return done.stdout


def ensure_node_modules() -> None:
    """Install the pinned Node harness from its lockfile if a fresh clone lacks it."""
    dependencies = json.loads((A11Y_DIR / "package.json").read_text(encoding="utf-8"))["dependencies"]
    if all((A11Y_DIR / "node_modules" / name / "package.json").exists() for name in dependencies):
        return
    _run([_tool("npm"), "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=A11Y_DIR, timeout=300)


def run_node(script: str, *args: str, timeout: float) -> dict:
    """Run one of the Node browser scripts in tests/a11y/ (installing its modules if need be); its JSON report."""
    ensure_node_modules()
    return json.loads(_run([_tool("node"), str(A11Y_DIR / script), *args], timeout=timeout))


def run_check(site: Path, artifacts: Path, pdf_name: str = "book.pdf") -> dict:
    """Check every page of a built site in Chromium, once for both reports: `a11y` (axe-core, reflow, requests,
    whole-page screenshots in artifacts/screenshots) and `layout` (four widths, screenshots in artifacts/layout)."""
    return run_node("check.mjs", str(site), str(artifacts), pdf_name, timeout=CHECK_TIMEOUT_S)


def describe_violations(report: dict) -> str:
    """One line per failing element: page, axe rule, impact, selector and what the rule asks for."""
    return "\n".join(
        f"{v['page']}: {v['id']} [{v['impact']}] at {target} - {v['help']} ({v['helpUrl']})"
        for v in report["violations"]
        for target in v["targets"]
    )


def describe_findings(report: dict) -> str:
    """One line per non-axe finding (external request, sideways scroll, missing file, script error)."""
    return "\n".join(f"{f['page']}: {f['kind']} - {f['detail']}" for f in report["findings"])


def summary_table(report: dict, screenshots: Path) -> str:
    """A short table for the test log: counts per page and where the screenshots are."""
    width = max([len("page"), *(len(p["page"]) for p in report["pages"])])
    findings_per_page = {p["page"]: 0 for p in report["pages"]}
    for finding in report["findings"]:
        findings_per_page[finding["page"]] = findings_per_page.get(finding["page"], 0) + 1
    rows = [f"{'page':<{width}}  violations  findings", f"{'-' * width}  ----------  --------"]
    rows += [f"{p['page']:<{width}}  {p['violations']:>10}  {findings_per_page[p['page']]:>8}" for p in report["pages"]]
    rows.append(
        f"{len(report['pages'])} pages, {len(report['violations'])} rule violations, "
        f"{len(report['findings'])} findings; screenshots in {screenshots}"
    )
    return "\n".join(rows)


def pdf_page_count(pdf: Path) -> int:
    """Number of pages pdfinfo reports (0 if it reports none)."""
    match = re.search(r"^Pages:\s+(\d+)$", _run([_tool("pdfinfo"), str(pdf)]), re.MULTILINE)
    return int(match.group(1)) if match else 0


def parse_pdffonts(output: str) -> list[tuple[str, bool]]:
    """(font name, embedded?) for each row of pdffonts output.

    Long font names overflow pdffonts' fixed columns, so fields are read from the right:
    the last five are emb, sub, uni, object number and generation.
    """
    lines = output.splitlines()
    fonts = []
    for line in lines[2:]:
        fields = line.split()
        if len(fields) >= 6:
            fonts.append((fields[0], fields[-5] == "yes"))
    return fonts


def pdf_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font the PDF uses."""
    return parse_pdffonts(_run([_tool("pdffonts"), str(pdf)]))


def pdf_outline(pdf: Path) -> list[str]:
    """Titles of the PDF's bookmarks (outline), all levels, in document order.

    pdftohtml parses the PDF properly (object streams included), so this holds for any
    producer; only the first page's text is converted to keep it fast.
    """
    xml = _run([_tool("pdftohtml"), "-xml", "-stdout", "-i", "-q", "-f", "1", "-l", "1", str(pdf)])
    return [re.sub(r"<[^>]+>", "", item).strip() for item in OUTLINE_ITEM.findall(xml)]


def pdf_text(pdf: Path) -> str:
    """The PDF's text in reading order, pages separated by form feeds."""
    return _run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"])


def normalise(text: str) -> str:
    """Fold away differences that HTML and PDF renderings of the same words may have."""
    folded = unicodedata.normalize("NFKC", text).translate(TYPOGRAPHY)
    return " ".join(folded.split()).casefold()


def has_contents_page(text: str) -> bool:
    """True if some page opens with a 'Contents' (or 'Table of contents') heading."""
    for page in text.split("\f"):
        opening = [line.strip() for line in page.splitlines() if line.strip()][:3]
        if any(CONTENTS_HEADING.fullmatch(line) for line in opening):
            return True
    return False


def missing_titles(titles: dict[str, str], text: str) -> dict[str, str]:
    """The titles (keyed by page) that do not appear in the text."""
    haystack = normalise(text)
    return {page: title for page, title in titles.items() if normalise(title) not in haystack}


class _TitleParser(HTMLParser):
    """Collects the text of the first <h1>, and of its chapter-title span if it has one."""

    def __init__(self) -> None:
        super().__init__()
        self.h1: list[str] = []
        self.chapter_title: list[str] = []
        self._in_h1 = False
        self._done = False
        self._span_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1" and not self._done:
            self._in_h1 = True
        elif tag == "span" and self._in_h1:
            classes = (dict(attrs).get("class") or "").split()
            if self._span_depth or "chapter-title" in classes:
                self._span_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._in_h1:
            self._in_h1, self._done = False, True
        elif tag == "span" and self._span_depth:
            self._span_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1.append(data)
            if self._span_depth:
                self.chapter_title.append(data)


def page_title(html: str) -> str | None:
    """A page's chapter title: its first <h1> without any chapter number, or None if it has no <h1>."""
    parser = _TitleParser()
    parser.feed(html)
    chosen = " ".join("".join(parser.chapter_title or parser.h1).split())
    return LEADING_NUMBER.sub("", chosen) or None


def chapter_titles(site: Path) -> dict[str, str]:
    """Chapter titles of a built site (index.html and notebooks/*.html), keyed by relative page path."""
    pages = [site / "index.html", *sorted((site / "notebooks").glob("**/*.html"))]
    titles = {}
    for page in pages:
        if page.exists():
            title = page_title(page.read_text(encoding="utf-8"))
            if title:
                titles[page.relative_to(site).as_posix()] = title
    return titles
