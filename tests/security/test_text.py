"""The choke point for data text: every attack reaches HTML and the PDF as the text that was written.

Each check converts all the attacks at once with the same pandoc reader the book uses, so the
suite stays fast; a failure names the attack.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import typst
from attacks import ATTACKS, MARK
from bs4 import BeautifulSoup

from rssreview.book.render.pandoc_run import MARKDOWN, MARKDOWN_FOR_TYPST, convert
from rssreview.present import display, text, words
from rssreview.publication import settings

CURLY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def squash(value: str) -> str:
    """Text without whitespace, quotes straight (pandoc curls quotes, as it does in the rest of the book)."""
    return re.sub(r"\s+", "", value).translate(CURLY)


def spaced(value: str) -> str:
    """Text with pandoc's line wrapping undone and its curly quotes straight."""
    return " ".join(value.split()).translate(CURLY)


def html_of(markdown: str) -> BeautifulSoup:
    return BeautifulSoup(convert(markdown, source="test", reader=MARKDOWN, writer="html5"), "html.parser")


def test_plain_flattens_every_kind_of_line_break_and_drops_invisible_characters():
    assert text.plain("a\nb\r\nc\u2028d\u2029e\u0085f\u000bg\u00a0h\u200bi\u202ej") == "a b c d e f g hij"
    assert text.plain("  lead\t\ttrail  ") == "lead trail"


def test_every_attack_is_one_paragraph_of_plain_text_in_html():
    soup = html_of("\n\n".join(text.md(attack) for _, attack in ATTACKS))
    top = [element for element in soup.children if getattr(element, "name", None)]
    assert [element.name for element in top] == ["p"] * len(ATTACKS)
    for (name, attack), paragraph in zip(ATTACKS, top):
        assert paragraph.find(True) is None, f"{name}: became markup {paragraph}"
        assert spaced(paragraph.get_text()) == text.plain(attack), name


def test_attacks_in_list_items_and_headings_stay_text():
    items = "\n".join(f"- {text.md(attack)}" for _, attack in ATTACKS)
    headings = "\n\n".join(
        f"## Recommendation {n}: {words.label_text(attack, 'report')}" for n, (_, attack) in enumerate(ATTACKS, start=1)
    )
    soup = html_of(items + "\n\n" + headings)
    lists = soup.find_all("ul")
    assert len(lists) == 1 and len(lists[0].find_all("li")) == len(ATTACKS)
    assert [spaced(li.get_text()) for li in lists[0].find_all("li")] == [text.plain(a) for _, a in ATTACKS]
    found = soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
    assert [spaced(h.get_text()) for h in found] == [
        f"Recommendation {n}: {text.plain(a)}" for n, (_, a) in enumerate(ATTACKS, start=1)
    ]
    assert not soup.find_all(["script", "img", "a", "pre", "code", "table", "blockquote", "hr", "dl", "ol"])


def test_attacks_in_a_table_give_one_row_each(tmp_path, monkeypatch):
    monkeypatch.setattr(display, "FIGURES", tmp_path / "figures")
    monkeypatch.setattr(display, "ROOT", tmp_path)
    frame = pd.DataFrame({"No.": range(1, len(ATTACKS) + 1), "Label": [a for _, a in ATTACKS]})
    markdown = display.show_table(frame, download=display.DataFile("attacks", frame), cycle_id="test").data
    soup = html_of(markdown)
    rows = soup.find("table").find("tbody").find_all("tr")
    assert len(rows) == len(ATTACKS)
    assert [spaced(row.find_all("td")[1].get_text()) for row in rows] == [text.plain(a) for _, a in ATTACKS]
    # the site's relative link and, once the site has a public address, the PDF's absolute one; a local build's
    # PDF names the file and links nowhere
    links = [a["href"] for a in soup.find_all("a")]
    assert links[0] == "../figures/test/attacks.csv" and all(h.endswith("/figures/test/attacks.csv") for h in links[1:])
    assert len(links) == (2 if settings().published else 1) and all(h.startswith("https://") for h in links[1:])


def test_every_attack_is_literal_text_in_the_pdf(tmp_path: Path):
    body = "\n\n".join(text.md(attack) for _, attack in ATTACKS) + "\n\nControl line: Not achieved."
    source = convert(body, source="test", reader=MARKDOWN_FOR_TYPST, writer="typst")
    (tmp_path / "book.typ").write_text(source, encoding="utf-8")
    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(typst.compile(str(tmp_path / "book.typ")))
    extracted = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = squash(extracted)
    for name, attack in ATTACKS:
        if name == "long word":  # this bare document has no page design, so the word runs off the page; the
            continue  # project's template wraps it (tests/security/test_settings_build.py checks the real PDF)
        assert squash(text.plain(attack)) in flat, f"{name}: not shown as written in the PDF"
    assert "Controlline:Notachieved." in flat, "a Typst show rule rewrote the text"
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) <= 3, "a Typst instruction added pages"


def test_links_are_built_only_to_addresses_that_follow_the_rule():
    assert text.link("cqc.org.uk", "https://www.cqc.org.uk/a_b") == "[cqc\\.org\\.uk](https://www.cqc.org.uk/a_b)"
    for bad in ("javascript:alert(1)", "https://x.org/a)b", "https://x.org/a b", "file:///etc/passwd", "https://"):
        with pytest.raises(ValueError, match="refusing to link"):
            text.link("x", bad)


def test_html_and_typst_literals_escape_quotes_and_backslashes():
    assert text.html_text('<b a="1">\n') == "&lt;b a=&quot;1&quot;&gt;"
    assert text.typst_string('say "hi" \\ \n#x') == '"say \\"hi\\" \\\\ #x"'
    assert MARK in text.plain(ATTACKS[0][1])
