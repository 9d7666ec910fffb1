"""The book's chapter list, read from _quarto.yml (the one place it is written), and where each executes."""

from __future__ import annotations

from pathlib import Path

from rssreview.book.render.quarto_config import read_book_config
from rssreview.paths import BUILD, QUARTO_YML, ROOT
from rssreview.run import Run


def chapter_files(config: Path = QUARTO_YML) -> list[str]:
    """Every chapter and appendix path in report order, as written in _quarto.yml."""
    return [chapter.source for chapter in read_book_config(config).chapters]


def notebooks(config: Path = QUARTO_YML) -> list[Path]:
    """The chapter notebooks in report order."""
    return [ROOT / p for p in chapter_files(config) if p.endswith(".ipynb")]


def targets(run: Run) -> list[tuple[Path, Path]]:
    """(source, executed) per chapter: in place for the latest cycle, in a scratch copy for an earlier one."""
    sources = notebooks()
    if run.latest:
        return [(nb, nb) for nb in sources]
    scratch = BUILD / "cycles" / run.cycle / "notebooks"
    return [(nb, scratch / nb.name) for nb in sources]
