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
#: The page design's top and bottom margin (static/easy-read.typ, `margin-y`), in points.
MARGIN_Y_PT = 2.2 / 2.54 * 72
#: No page after the cover may end above this share of its text area (the brief's "mostly empty" page).
MIN_FILL = 0.5
CURLY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


@pytest.fixture(scope="module")
def project():
    config = read_book_config(QUARTO_YML)
    return config, load_chapters(config, ROOT, None)


@pytest.fixture(scope="module")
def pdf(project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    config, sources = project
    back = easy_read.back_page(evidence.load(), "2022-03", PDF_DATE)
    written = write_easy_read_pdf(
        config, sources, tmp_path_factory.mktemp("easy-read"), draft=False, pdf_date=PDF_DATE, back_page=back
    )
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
            replace(config, easy_read="notebooks/99_none.ipynb"),
            sources,
            tmp_path,
            draft=False,
            pdf_date=PDF_DATE,
            back_page="",
        )


def page_fill(pdf: bytes | Path) -> list[tuple[float, str]]:
    """For each page after the cover: how far down its text area its words reach (0 to 1, the page number left out),
    and its words."""
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-", "-"], input=data, capture_output=True, check=True, timeout=120
    ).stdout.decode("utf-8")
    pages = []
    for page in re.findall(r"<page .*?</page>", xml, re.S)[1:]:
        height = float(re.search(r'height="([\d.]+)"', page)[1])
        lines = [
            (float(bottom), " ".join(re.findall(r">([^<]*)</word>", body)))
            for bottom, body in re.findall(r'<line [^>]*yMax="([\d.]+)">(.*?)</line>', page, re.S)
        ]
        text = [(bottom, words) for bottom, words in lines if not words.isdigit()]  # the page number
        reach = max(bottom for bottom, _ in text) - MARGIN_Y_PT
        pages.append((reach / (height - 2 * MARGIN_Y_PT), " ".join(words for _, words in text)))
    return pages


def test_a_local_build_says_so_in_easy_read_words_on_the_cover_and_back(pdf: Path) -> None:
    text = " ".join(_run("pdftotext", "-enc", "UTF-8", str(pdf), "-").split())
    assert text.count(easy_read.LOCAL_BUILD_WORDS[0]) == 2, "on the cover and on the back page"
    assert easy_read.LOCAL_BUILD_WORDS[1] in text and "Email us" not in text
    last = page_fill(pdf)[-1][1]
    assert last.startswith(easy_read.BACK_PAGE_HEADING) or easy_read.BACK_PAGE_HEADING in last
    assert "made this summary" in last and "CQC did not write it." in last


def test_no_page_is_left_mostly_empty(pdf: Path) -> None:
    fills = page_fill(pdf)
    assert all(fill >= MIN_FILL for fill, _ in fills), [round(fill, 2) for fill, _ in fills]


POINT = re.compile(r":::: \{\.easy-read-point\}\n.*?\n::::(?=\n|$)", re.S)


def test_the_back_page_fills_a_short_last_page_or_takes_a_page_of_its_own(project) -> None:
    """With the chapter's last points left out one by one, the last page varies from short to full: the back page
    goes below the last point when there is room, else on a page of its own, and no page is mostly empty."""
    from rssreview.book.render.easy_read_pdf import compile_easy_read

    config, sources = project
    source = next(s for s in sources if s.chapter.source == config.easy_read)
    chapter = source.markdown("typst", echo=False, image_dir=source.chapter.figure_dir("typst"))
    back = easy_read.back_page(evidence.load(), "2022-03", PDF_DATE)
    points = list(POINT.finditer(chapter.markdown))
    places = set()
    for dropped in range(0, 6):
        kept = chapter.markdown
        for match in reversed(points[len(points) - dropped :]):
            kept = kept[: match.start()] + kept[match.end() :]
        main = easy_read_typst(config, source, f"{kept}\n\n{back}", draft=False, pdf_date=PDF_DATE)
        fills = page_fill(compile_easy_read(main, chapter.images, pdf_date=PDF_DATE, where=f"{dropped} dropped"))
        assert all(fill >= MIN_FILL for fill, _ in fills), (dropped, [round(fill, 2) for fill, _ in fills])
        places.add("own page" if fills[-1][1].startswith(easy_read.BACK_PAGE_HEADING) else "below the last point")
    assert places == {"own page", "below the last point"}, "both placements were tried"


def test_only_a_local_build_says_so_on_the_cover(project) -> None:
    from dataclasses import replace

    config, sources = project
    source = next(s for s in sources if s.chapter.source == config.easy_read)
    local = easy_read_typst(config, source, "# Easy Read", draft=False, pdf_date=PDF_DATE)
    assert f'local-build: "{easy_read.LOCAL_BUILD_WORDS[0]}"' in local
    published = easy_read_typst(
        replace(config, local_build=None), source, "# Easy Read", draft=False, pdf_date=PDF_DATE
    )  # book.site-url set
    assert "local-build: none" in published
