"""Quarto's post-render step: the earlier editions, the local-build and edition lines on Quarto's pages, the
book PDF's bookmarks nested under their parts, the Easy Read PDF and build-manifest.json in Quarto's output
folder, as the built-in path writes them.

Quarto sets QUARTO_PROJECT_OUTPUT_DIR (relative to the project, or absolute with --output-dir).
"""

import os
import sys
from pathlib import Path

from rssreview import cli
from rssreview.book.editions import finish_quarto_site
from rssreview.book.publish import write_manifest
from rssreview.book.render.bookmarks import nest_under_parts
from rssreview.book.render.errors import RenderError
from rssreview.book.render.quarto_config import read_book_config
from rssreview.paths import QUARTO_YML, ROOT
from rssreview.run import resolve


def main() -> int:
    output = Path(os.environ.get("QUARTO_PROJECT_OUTPUT_DIR") or "_book")
    output = output if output.is_absolute() else ROOT / output
    if not output.is_dir():
        print(f"rssreview: post-render: Quarto's output folder {output} does not exist", file=sys.stderr)
        return 1
    run = resolve()
    try:
        finish_quarto_site(output, run)
        config = read_book_config(QUARTO_YML)
        pdf = output / f"{config.output_file}.pdf"
        if pdf.is_file():  # absent when Quarto rendered the site only
            pdf.write_bytes(nest_under_parts(pdf.read_bytes(), config.top_headings, pdf.name))
    except RenderError as err:
        print(f"rssreview: post-render: {err}", file=sys.stderr)
        return 1
    status = cli.main(["easy-read-pdf", "--out", str(output)])
    if status:
        return status
    path = write_manifest(output, run.cycle, "quarto")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
