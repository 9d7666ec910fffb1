"""The appendix: every recommendation across every cycle, with the changes."""

from __future__ import annotations

from IPython.display import Markdown

from rssreview.evidence import progress
from rssreview.evidence.load import EvidenceTables
from rssreview.present import tidy, words
from rssreview.present.display import DataFile, show_table
from rssreview.present.status import legend, with_mark


def all_recommendations(tables: EvidenceTables, cycle_id: str) -> Markdown:
    """A table of the 17 recommendations with their status in each cycle and whether it changed."""
    chain = tables.cycles_up_to(cycle_id)
    frame = tables.recommendations[["rec_id", "short_label", "theme_id"]].copy()
    frame["short_label"] = [
        ("Title not known" if source == "none" else words.whole_words(label))
        for label, source in zip(frame["short_label"], tables.recommendations["label_source"])
    ]
    themes = tables.themes.set_index("theme_id")["title"]
    frame["theme_id"] = frame["theme_id"].map(themes)
    frame.columns = ["No.", "Label", "Chapter"]
    for cycle in chain:
        ratings = progress.ratings_for(tables, cycle).set_index("rec_id")
        marked = {rec: with_mark(row.status.capitalize(), row.status_confidence) for rec, row in ratings.iterrows()}
        label = words.long_date(tables.cycle(cycle)["publication_date"]).split(" ", 1)[1]
        frame[f"{label} (certainty)"] = frame["No."].map(marked)
    if len(chain) > 1:
        diff = progress.changes(tables, cycle_id).set_index("rec_id")
        change = (
            diff["changed"].map({True: "Yes", False: "No"}).where(diff["previous_status"] != "not rated", "First rated")
        )
        frame["Changed since previous report"] = frame["No."].map(change)
    download = DataFile("all-recommendations", tidy.all_recommendations(tables, cycle_id))
    return show_table(frame, download=download, cycle_id=cycle_id)


def appendix_intro(tables: EvidenceTables, cycle_id: str) -> Markdown:
    chain = tables.cycles_up_to(cycle_id)
    names = words.join_and([f"*{words.md(tables.cycle(c)['title'])}*" for c in chain])
    return Markdown(
        f"The table below lists all {len(tables.recommendations)} recommendations with their status in "
        f"{names}. Each status carries its certainty in brackets. {legend()} Labels that are not the "
        f"report's own wording are described in the theme chapters."
    )


def spreadsheet_link(cycle_id: str) -> Markdown:
    """A link to the accessible workbook of every table, which the build writes (rssreview.present.spreadsheet)."""
    from rssreview.present.display import figure_dir, html_only, page_link, pdf_only, site_link
    from rssreview.present.spreadsheet import workbook_name
    from rssreview.present.text import local_link

    path = figure_dir(cycle_id) / workbook_name(cycle_id)
    lead = "All the tables in this report are also available in one spreadsheet, with a cover sheet, contents and notes"
    return Markdown(
        html_only(f"{lead}: {local_link('Download all tables (Excel spreadsheet, .xlsx)', page_link(path))}.")
        + "\n\n"
        + pdf_only(f"{lead}: {site_link(path)}.")
    )
