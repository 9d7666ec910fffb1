"""The comparison written for reviewers: Markdown for a pull-request comment, and an HTML page in the site's style.

The HTML page links each change to its place in both builds (the section or table's anchor), which sit beside
it as `before/` and `after/`. Text from the sites is escaped in both outputs (Jinja's autoescape for HTML;
Markdown punctuation backslash-escaped), so nothing in a page changes how the report itself reads.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2

from rssreview.diff.compare import Change, Comparison
from rssreview.files import write_if_changed

STATIC = Path(__file__).parent / "static"
NO_CHANGE = "No change for readers."
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
#: Longest before/after text quoted in the Markdown; the HTML page shows it all.
QUOTED = 600


def summary(comparison: Comparison) -> str:
    """One sentence: how many changes in how many chapters, or that readers see no change."""
    if comparison.unchanged:
        return NO_CHANGE
    count = sum(len(c.changes) for c in comparison.chapters)
    chapters = len(comparison.chapters)
    return (
        f"{count} change{'s' if count != 1 else ''} for readers in {chapters} "
        f"chapter{'s' if chapters != 1 else ''}, most important first."
    )


def markdown(comparison: Comparison, *, before: str, after: str) -> str:
    """The report as GitHub-flavoured Markdown."""
    lines = [
        "## What this change does to the publication",
        "",
        f"Before: {_escape(before)}. After: {_escape(after)}.",
        "",
        f"**{summary(comparison)}**",
    ]
    for chapter in comparison.chapters:
        lines += ["", f"### {_escape(chapter.title)}", ""]
        lines += [_markdown_change(change) for change in chapter.changes]
    return "\n".join(lines) + "\n"


def _markdown_change(change: Change) -> str:
    head = f"- **{_escape(change.what)}**" + (f" ({_escape(change.where)})" if change.where else "")
    if change.before and change.before == change.after:
        located = f"`{change.after}`"
    else:
        places = [
            f"before: `{change.before}`" if change.before else "",
            f"after: `{change.after}`" if change.after else "",
        ]
        located = "; ".join(p for p in places if p)
    parts = [head + (f" — {located}" if located else "")]
    if change.old:
        parts.append(f"  - before: {_escape(_short(change.old))}")
    if change.new:
        parts.append(f"  - after: {_escape(_short(change.new))}")
    return "\n".join(parts)


def _short(text: str) -> str:
    return text if len(text) <= QUOTED else text[: QUOTED - 1] + "…"


def _escape(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def html(comparison: Comparison, *, before: str, after: str, title: str, stylesheets: list[str]) -> str:
    """The report as one HTML page; links go to `before/` and `after/` beside it."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(STATIC), autoescape=True, undefined=jinja2.StrictUndefined
    )
    return environment.get_template("diff.html").render(
        comparison=comparison,
        summary=summary(comparison),
        before_label=before,
        after_label=after,
        before_root="before/",
        after_root="after/",
        title=title,
        stylesheets=stylesheets,
    )


def write(
    comparison: Comparison, folder: Path, *, old_site: Path, new_site: Path, before: str, after: str, title: str
) -> tuple[Path, Path]:
    """`diff.md` and `index.html` in `folder`, with copies of both builds (`before/`, `after/`) for its links."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, site in (("before", old_site), ("after", new_site)):
        target = folder / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(site, target)
    sheets = sorted((folder / "after" / "site_libs" / "rss").glob("*.css"))
    stylesheets = [sheet.relative_to(folder).as_posix() for sheet in sheets]
    page = html(comparison, before=before, after=after, title=title, stylesheets=stylesheets)
    return (
        write_if_changed(folder / "diff.md", markdown(comparison, before=before, after=after)),
        write_if_changed(folder / "index.html", page),
    )
