"""The About page: status, contact, accessibility, revisions, licence, related reading, data quality.

Settings come from data/release.yml, editions from data/evidence/cycles.csv and coverage from the
national indicator table, so the page changes when they do and never states a fact kept elsewhere.
"""

from __future__ import annotations

import posixpath

import pandas as pd
from IPython.display import Markdown

from rssreview.evidence.load import EvidenceTables
from rssreview.national.series import BREAKS
from rssreview.present import words
from rssreview.present.display import html_only, markdown_table, pdf_only
from rssreview.present.downloads import EASY_READ_PAGE, easy_read_pdf_name
from rssreview.present.spreadsheet import DATASET_NAMES, NOTES
from rssreview.present.text import link, local_link, mail_link
from rssreview.publication import LOCAL_BUILD, OGL, OGL_ATTRIBUTION, edition_folder, settings
from rssreview.release import Release

#: What each national data set covers, in our words, with the page that says so.
COVERAGE = {
    "AT": (
        "counts people with a learning disability and autistic people in hospital whose care is paid for by "
        "the NHS in England. Commissioners send the data; it is taken at midnight on the last day of each month",
        "https://digital.nhs.uk/assuringtransformation",
    ),
    "MHSDS-LDA": (
        "(MHSDS for short) covers people receiving care in mental health hospitals, as the March 2022 "
        "report describes it. "
        "It counts in a different way from Assuring Transformation, so the two totals differ. It is also "
        "the source of the national counts of restrictive interventions such as restraint",
        "https://www.cqc.org.uk/publications/themes-care/restraint-segregation-seclusion-review-progress-report-march-2022",
    ),
    "SEND": (
        "counts the local areas that Ofsted and CQC have inspected on how well they support children and young "
        "people with special educational needs and disabilities, and the outcomes",
        "https://www.gov.uk/government/statistics/area-send-inspections-and-outcomes-in-england-as-at-31-march-2021/main-findings-area-send-inspections-and-outcomes-in-england-as-at-31-march-2021",
    ),
}


def _write_to(release: Release, subject: str) -> str:
    """The contact address as a link that opens an e-mail, or, in a local build, that there is none yet."""
    address = release.contact.email
    if address is None:
        return "the address this publication gives when it is published (this local build has none)"
    return mail_link(address, subject)


def _rebuild(release: Release) -> str:
    """Where the code is, for a reader who wants to rebuild: a link, or that it is not published yet (no promise)."""
    if release.repository is None:
        return (
            "The code is not yet published at a public address, so this page cannot link to it. Anyone who has it "
            "can rebuild the whole publication and get the same result."
        )
    return (
        f"The code is published at {link(words.source_name(release.repository), release.repository)}. Anyone can "
        "rebuild the whole publication from it and get the same result."
    )


def status(tables: EvidenceTables, cycle_id: str, release: Release) -> Markdown:
    """What this publication is, and what it is not (and, in a local build, that it is not published)."""
    cycle = tables.cycle(cycle_id)
    local = "" if settings().published else f"**{words.md(LOCAL_BUILD)}**\n\n"
    return Markdown(
        f"{local}This is an independent, reproducible rebuild of *{words.md(cycle['title'])}*, which the Care "
        f"Quality Commission (CQC) published on {words.long_date(cycle['publication_date'])}. It is made from "
        f"public sources only, by an independent project. Publisher: {words.md(settings().author)}.\n\n"
        "**It is not an official CQC publication.** CQC did not write, check or approve it. Where it gives a "
        "recommendation's rating, that is the report's rating as far as the public sources show it; where the "
        "sources do not say, the page says that the rating is inferred or uncertain.\n\n"
        "Every count, table and chart is computed by code from tables of sources, each row with its web address. "
        f"{_rebuild(release)} The original reports are listed under "
        f"{local_link('Related publications', '#related-publications')} below."
    )


def contact(release: Release) -> Markdown:
    """How to reach the maintainers, and what to send them (in a local build: that there is no address yet)."""
    c = release.contact
    if c.email is None:
        reach = (
            f"{words.md(LOCAL_BUILD)} When it is published, this section gives the address of the "
            f"{words.md(c.name)} for questions, corrections and feedback."
        )
    else:
        reach = (
            f"Please send questions, corrections and feedback to the {words.md(c.name)} at "
            f"{_write_to(release, 'Restraint review rebuild: feedback')}. This is a shared address, not a person's "
            f"own. We aim to reply within {c.response_days} working days."
        )
    return Markdown(
        f"{reach}\n\n"
        "If you think a figure or a rating is wrong, tell us the page and what you think it should say, with a "
        "source if you have one. CQC cannot answer questions about this rebuild: for the original reports, contact "
        "CQC."
    )


def accessibility(release: Release) -> Markdown:
    """The accessibility statement: the standard, how it is checked, known issues, other formats."""
    a = release.accessibility
    issues = "\n".join(f"- {words.md(issue)}" for issue in a.known_issues)
    other = (
        f"email {_write_to(release, 'Restraint review rebuild: another format')} and say which format you need. We "
        f"aim to reply within {release.contact.response_days} working days."
        if release.contact.email
        else "ask the publisher once this publication is published (this local build has no contact address)."
    )
    easy_read = (
        html_only(
            f"**Other formats.** There is an {local_link('Easy Read version', '../' + EASY_READ_PAGE)}, also as a PDF."
        )
        + "\n\n"
        + pdf_only(
            "**Other formats.** There is an Easy Read version: the Easy Read chapter of this PDF, also published "
            f"on its own as {words.md(easy_read_pdf_name())}."
        )
    )
    return Markdown(
        f"We want as many people as possible to be able to use this publication. The web pages are built to meet "
        f"the {words.md(a.standard)}. {words.md(a.tested)}\n\n"
        f"**Known issues.** These parts are not yet as accessible as we would like:\n\n{issues}\n\n"
        f"{easy_read}\n\n"
        f"If you need the publication in another format, such as large print, audio or a plain text file, {other}\n\n"
        "**Reporting a problem.** If something on these pages is hard to use, please tell us"
        + (" at the same address." if release.contact.email else " in the same way.")
    )


def editions_table(tables: EvidenceTables, cycle_id: str) -> pd.DataFrame:
    """One row per progress report the project rebuilds, oldest first."""
    cycles = tables.cycles.sort_values("publication_date")
    return pd.DataFrame(
        {
            "Edition": list(cycles["title"]),  # escaped with every other cell by markdown_table
            "Original published": [words.long_date(d) for d in cycles["publication_date"]],
            "National data up to": [words.long_date(m) for m in cycles["data_month"]],
            "This edition?": ["yes" if c == cycle_id else "no" for c in cycles["cycle_id"]],
        }
    )


def edition_links(tables: EvidenceTables, cycle_id: str) -> str:
    """Where each edition is published: on the site a link from this page to each edition's first page, in the
    PDF the edition's address (the latest edition at the site's root, earlier ones under `editions/<cycle>/`)."""
    latest = tables.latest_cycle()
    here = edition_folder(cycle_id, latest) + "notebooks"
    cycles = tables.cycles.sort_values("publication_date", ascending=False)
    site, pdf = [], []
    for cycle, title in zip(cycles["cycle_id"], cycles["title"]):
        folder = edition_folder(cycle, latest)
        note = " (this edition)" if cycle == cycle_id else " (the latest)" if cycle == latest else ""
        site.append(f"- {local_link(title, posixpath.relpath(folder + 'index.html', here))}{note}")
        address = settings().url(folder)  # None in a local build: it has no address yet
        pdf.append(f"- {link(title, address) if address else words.md(title)}{note}")
    lead = "**Read each edition**\n\n"
    return html_only(lead + "\n".join(site)) + "\n\n" + pdf_only(lead + "\n".join(pdf))


def revisions(tables: EvidenceTables, cycle_id: str, settings: Release) -> Markdown:
    """The revisions and corrections policy, the editions and the dated list of changes."""
    editions = markdown_table(editions_table(tables, cycle_id)) + "\n\n" + edition_links(tables, cycle_id)
    changes = "\n".join(f"- {words.long_date(r.date.isoformat())}: {words.md(r.change)}" for r in settings.revisions)
    return Markdown(
        "Each progress report that CQC published is rebuilt as its own edition. When we find a mistake we correct "
        "it, rebuild every format (web pages, PDF, spreadsheet and CSV files) and add a dated line to the list of "
        "changes below that says what changed and why. We do not change a figure without saying so. Earlier "
        "versions stay in the project's history, so any past version can be rebuilt exactly.\n\n"
        f"**Editions**\n\n{editions}\n\n"
        f"**Changes to this publication** (this edition is dated {words.long_date(settings.edition_date.isoformat())})"
        f"\n\n{changes}"
    )


def licence(release: Release) -> Markdown:
    """Licence and attribution for the content and the code, naming the licence files in the project."""
    code = release.code_licence
    return Markdown(
        "This rebuild is not a government publication, and no public body published, checked or approved it.\n\n"
        "The text of the CQC reports, and the NHS and Ofsted statistics used here, are public sector information. "
        f"They are reused under the {link('Open Government Licence v3.0', OGL)}. {words.md(OGL_ATTRIBUTION)}\n\n"
        "You may copy and reuse the rest of the text, the tables and the charts on the same terms, if you say where "
        "they came from. Using those terms does not make this rebuild a government publication: please name this "
        "rebuild, not CQC, as the source of anything computed here. The project's file LICENSE-CONTENT.md says "
        "the same.\n\n"
        "Summaries of pages published by charities, law firms and news sites are in our own words and link to the "
        "original; those pages remain their owners'.\n\n"
        f"The code that builds the publication is open source under the {link(code.name, code.url)}; its text is "
        f"in the project's file {words.md(code.file)}."
    )


def related(tables: EvidenceTables, release: Release) -> Markdown:
    """The original report, both progress reports and the government's response, oldest first."""
    rows = [(r.date.isoformat(), r.title, r.publisher, r.url, r.about) for r in release.related]
    rows += [
        (
            c.publication_date,
            c.title,
            "Care Quality Commission",
            c.source_url,
            "The progress report rebuilt in the edition of the same name.",
        )
        for c in tables.cycles.itertuples()
    ]
    lines = [
        f"- {link(title, url)}, {words.md(publisher)}, {words.long_date(date)}. {words.md(about)}"
        for date, title, publisher, url, about in sorted(rows)
    ]
    return Markdown("\n".join(lines))


def _coverage_line(dataset: str, held: pd.Series) -> str:
    months = pd.DatetimeIndex(held.unique()).sort_values()
    first, last = (words.long_date(m.strftime("%Y-%m")) for m in (months[0], months[-1]))
    what, source = COVERAGE[dataset]
    breaks = [b for b in BREAKS.get(dataset, []) if months[0].date() <= b.start <= months[-1].date()]
    change = "".join(
        f" From {words.long_date(b.start.strftime('%Y-%m'))} the series changed: {words.md(b.reason)}, "
        "so months either side are not joined in charts."
        for b in breaks
    )
    span = (
        f"one month, {first}"
        if len(months) == 1
        else f"{words.count_words(len(months))} months between {first} and {last}"
    )
    return (
        f"- **{DATASET_NAMES[dataset]}** {what}. We hold figures for {span}; months not held are missing "
        f"from our data, not necessarily from the official statistics.{change} Source: "
        f"{link(words.source_name(source), source)}."
    )


def data_quality(tables: EvidenceTables, cycle_id: str, indicators: pd.DataFrame) -> Markdown:
    """What the national data cover, the known gaps and the series breaks, computed from the data held."""
    national = indicators[indicators["dataset"].isin(list(COVERAGE))]
    lines = [
        _coverage_line(str(ds), group["period_end"])
        for ds, group in national.groupby("dataset", observed=True, sort=True)
    ]
    data_month = words.long_date(tables.cycle(cycle_id)["data_month"])
    return Markdown(
        f"The national figures come from {words.count_words(len(lines))} official "
        f"{words.plural(len(lines), 'source')}:\n\n" + "\n".join(lines) + "\n\n"
        f"**What this edition uses.** Ratings and comparisons in this edition use national figures up to "
        f"{data_month}, the latest month the report is known to have been able to use.\n\n"
        f"**Rounding.** {NOTES['rounding'].split('. ')[0]}.\n\n"
        "**Known gaps.** National statistics count people and events; they do not show how people were treated or "
        "how they felt. The report's own list of partly achieved recommendations has not been found in any public "
        "source, so those four ratings are inferred, and they are marked so wherever they appear."
    )
