"""`python -m rssreview.serve_warm SOCKET IDLE STAMP`: the resident warm server, kept between builds.

It is the book's fork server (book/warm.py) with the command line to fork commands from, so that
`rssreview build`, `execute`, `render` and `validate` run in a process that has the package and its
libraries loaded already (book/resident.py). It lives here, beside the command line, because it
needs both: the fork server imports nothing from the package's upper layers, and the command line
imports nothing from this module (book/execute.py starts it by this command).
"""

from __future__ import annotations

import sys

from rssreview.book import warm

#: Modules a command needs besides the kernels' (`warm.WARM_MODULES`), imported once by the server.
COMMAND_MODULES = (
    "rssreview.privacy",
    "rssreview.published_text",
    "rssreview.cli",
    "rssreview.book.pipeline",
    "rssreview.checks",
    "nbclient",
    "nbformat",
    "jupyter_client",
    "rssreview.book.render.site",
    "rssreview.book.render.pdf",
    "rssreview.book.render.easy_read_pdf",
    "rssreview.present.downloads",
    "tqdm",
)


def run_command(argv: list[str]) -> int:
    """A command, as the command line runs it here (without handing it to a server)."""
    from rssreview import cli

    return cli.run_command(argv)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m rssreview.serve_warm SOCKET IDLE_SECONDS CODE_STAMP", file=sys.stderr)
        return 2
    address, idle, stamp = argv
    warm.serve(address, idle=float(idle), stamp=stamp, command=run_command, preload=COMMAND_MODULES)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
