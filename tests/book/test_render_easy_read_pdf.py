"""The Easy Read PDF, made from the committed Easy Read chapter: its own design, large sans-serif type,
a picture by every point, and exactly the page's short sentences."""

from __future__ import annotations

import datetime
import re
import subprocess
from pathlib import Path

import pytest

from rssreview import evidence
from rssreview.book.render.easy_read_pdf import easy_read_typst, write_easy_read_pdf
from rssreview.book.render.errors import RenderError
from rssreview.book.render.quarto_config import read_book_config
from rssreview.book.render.sources import load_chapters
from rssreview.paths import QUARTO_YML, ROOT
from rssreview.present import easy_read

PDF_DATE = datetime.date(2022, 3, 25)
MIN_TYPE_PT = 16
CURLY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


@pytest.fixture(scope="module")
def project():
    config = read_book_config(QUARTO_YML)
    return config, load_chapters(config, ROOT, None)


@pytest.fixture(scope="module")
def pdf(project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    config, sources = project
    written = write_easy_read_pdf(config, sources, tmp_path_factory.mktemp("easy-read"), draft=False, pdf_date=PDF_DATE)
    assert written is not None, "_quarto.yml names an easy-read chapter"
    return written


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=120).stdout


def test_quarto_config_names_the_easy_read_chapter(project) -> None:
    config, _ = project
    assert config.easy_read == "notebooks/13_easy_read.ipynb"


def test_written_beside_the_book_pdf_under_its_own_name(pdf: Path) -> None:
    assert pdf.name == "rss-progress-report-easy-read.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")


def test_type_is_sans_serif_and_at_least_16_pt(pdf: Path) -> None:
    fonts = [line.split()[0] for line in _run("pdffonts", str(pdf)).splitlines()[2:]]
    assert fonts and all(re.fullmatch(r"[A-Z]{6}\+DejaVuSans(-Bold)?", name) for name in fonts), fonts
    xml = _run("pdftohtml", "-xml", "-stdout", "-i", "-q", "-zoom", "1", str(pdf))
    sizes = {int(size) for size in re.findall(r'<fontspec id="\d+" size="(\d+)"', xml)}
    body_sizes = sizes - {11, 12}  # the page numbers in the footer
    assert min(body_sizes) >= MIN_TYPE_PT, sorted(sizes)


def test_a_picture_by_every_point(project) -> None:
    config, sources = project
    source = next(s for s in sources if s.chapter.source == config.easy_read)
    markdown = source.markdown("typst", echo=False, image_dir="x").markdown
    main = easy_read_typst(config, source, markdown, draft=False, pdf_date=PDF_DATE)
    points = len(re.findall(r":::: \{\.easy-read-point[ }]", markdown))  # one also marks the hard words
    assert points > 40
    assert main.count("#block(breakable: false, inset: (y: 0.5em), grid(") == points
    assert main.count('image(bytes("<svg') == points
    assert '#import "easy-read.typ": easy-read' in main


def test_carries_every_sentence_of_the_page(pdf: Path) -> None:
    text = " ".join(_run("pdftotext", "-enc", "UTF-8", str(pdf), "-").translate(CURLY).split())
    for item in easy_read.all_points(evidence.load(), "2022-03"):
        for sentence in item.sentences:
            assert easy_read.plain_text(sentence) in text, sentence
    assert easy_read.NOT_FROM_CQC in text


def test_a_chapter_outside_the_book_is_refused(project, tmp_path: Path) -> None:
    config, sources = project
    from dataclasses import replace

    with pytest.raises(RenderError, match="key 'easy-read.chapter'"):
        write_easy_read_pdf(
            replace(config, easy_read="notebooks/99_none.ipynb"), sources, tmp_path, draft=False, pdf_date=PDF_DATE
        )
