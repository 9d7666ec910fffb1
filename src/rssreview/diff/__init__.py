"""What a change does to the publication, as readers see it (`rssreview diff`).

A reviewer of a change should not have to read notebook JSON to learn which ratings, sentences, table cells,
chart points or downloads change for readers. This package builds the publication before and after a change
(`worktree`), reads what a reader sees in each built site (`snapshot`: the pages' text, ratings and tables,
the CSV downloads and the PDFs' page counts), compares the two (`compare`) and writes the result as Markdown
for a pull-request comment and as an HTML page linking to both builds (`report`).
"""
