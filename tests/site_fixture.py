"""Small built sites, shaped like `_book/`, for testing the comparison without building the book."""

from __future__ import annotations

import copy
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>{title}</title></head><body>
<nav class="sidebar"><a href="index.html">Overview</a></nav>
<main id="rss-main"><section class="level1" id="top"><h1>{title}</h1>
<div class="publication-status" role="note"><p><strong>Not an official publication.</strong></p></div>
<details class="page-toc"><summary>On this page</summary><nav><a href="#r">Recommendation</a></nav></details>
{body}</section>
<nav class="page-navigation"><a href="index.html">Previous</a></nav></main>
<footer class="site-footer"><p>Footer</p></footer></body></html>
"""

CHAPTER = """<p>This chapter covers recommendation 3. {intro}</p>
<section class="level2" id="recommendation-3"><h2>3.1 Recommendation 3: people have the right support</h2>
<section class="level3" id="has-recommendation-3-been-achieved"><h3>3.1.1 Has recommendation 3 been achieved?</h3>
<p>The report’s rating: <span class="status">{status}</span> <em>({certainty})</em></p>
<p>CQC listed this as {status_text}.</p>
</section>
<section class="level3" id="what-the-evidence-shows"><h3>3.1.2 What the evidence shows</h3>
<ul>{evidence}</ul>
</section></section>
<div id="tbl-data"><table><caption>Table 3.1: People in hospital</caption>
<thead><tr><th>Month</th><th>People</th></tr></thead>
<tbody>{rows}</tbody></table></div>
<p><a href="../figures/{cycle}/people.csv">Download the data (CSV)</a></p>
"""

LANDING = """<p><strong>Headline.</strong> None of the 17 recommendations had been achieved.
The report rated <strong>{partly}</strong> partly achieved.</p>
<section class="level2" id="key-messages"><h2>Key messages</h2><ul><li>{message}</li></ul></section>
"""


@dataclass
class Edition:
    """What one build of the fixture site says; each test changes one thing and builds both."""

    cycle: str = "2022-03"
    intro: str = "Each rating is marked with its certainty."
    status: str = "Not achieved"
    certainty: str = "confirmed"
    evidence: list[str] = field(
        default_factory=lambda: [
            "CQC found that community services were missing. (25 March 2022) (confirmed)",
            "The charity said crisis support was still needed. (December 2021) (confirmed)",
        ]
    )
    rows: list[tuple[str, str]] = field(default_factory=lambda: [("2021-08", "2,040"), ("2021-09", "2,035")])
    points: list[tuple[str, str, str]] = field(
        default_factory=lambda: [("2021-08-31", "All ages", "2040"), ("2021-09-30", "All ages", "2035")]
    )
    partly: str = "four"
    message: str = "Too many people were still in hospital. (confirmed)"
    earlier: list[str] = field(default_factory=list)
    comment: str = ""

    def changed(self, **changes) -> Edition:
        edition = copy.deepcopy(self)
        for name, value in changes.items():
            setattr(edition, name, value)
        return edition


def write_site(folder: Path, edition: Edition, prefix: str = "") -> Path:
    """The site for `edition` in `folder` (an earlier cycle under `editions/<cycle>/` when `prefix` says so)."""
    root = folder / prefix if prefix else folder
    (root / "notebooks").mkdir(parents=True)
    chapter = CHAPTER.format(
        intro=edition.intro,
        status=edition.status,
        certainty=edition.certainty,
        status_text=edition.status.lower(),
        evidence="".join(f"<li>{item}</li>" for item in edition.evidence),
        rows="".join(f"<tr><td>{month}</td><td>{value}</td></tr>" for month, value in edition.rows),
        cycle=edition.cycle,
    )
    page = PAGE.format(title="3 Support in the community", body=chapter + edition.comment)
    (root / "notebooks" / "03_community.html").write_text(page, encoding="utf-8")
    landing = LANDING.format(partly=edition.partly, message=edition.message)
    (root / "index.html").write_text(PAGE.format(title="Overview", body=landing), encoding="utf-8")
    figures = root / "figures" / edition.cycle
    figures.mkdir(parents=True)
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([("Month end", "Series", "People"), *edition.points])
    (figures / "people.csv").write_text(text.getvalue(), encoding="utf-8")
    (figures / "people.vl.json").write_text("{}", encoding="utf-8")
    (figures / "evidence.csv").write_text(
        "Item,Certainty\n" + "".join(f'"{item}",confirmed\n' for item in edition.evidence), encoding="utf-8"
    )
    for cycle in edition.earlier:
        write_site(folder, Edition(cycle=cycle, partly="none"), prefix=f"editions/{cycle}")
    return folder
