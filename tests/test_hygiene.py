"""Text hygiene at input: invisible and control characters are refused, naming the cell; scripts' joiners are kept."""

from __future__ import annotations

import pytest

from rssreview import hygiene
from rssreview.problems import Problem


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("evil\u202eexe.txt", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("a\u202ab", "U+202A"),
        ("a\u2066b", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("a\u2069b", "U+2069"),
        ("a\u200eb", "U+200E LEFT-TO-RIGHT MARK"),
        ("a\u200fb", "U+200F"),
        ("a\u061cb", "U+061C ARABIC LETTER MARK"),
        ("zero\u200bwidth", "U+200B ZERO WIDTH SPACE"),
        ("soft\u00adhyphen", "U+00AD SOFT HYPHEN"),
        ("\ufeffbom", "U+FEFF"),
        ("tag\U000e0041", "U+E0041"),
        ("bell\x07", "U+0007"),
        ("esc\x1b[31m", "U+001B"),
        ("del\x7f", "U+007F"),
        ("c1\x85next", "U+0085"),
        ("c1\x9bcsi", "U+009B"),
        ("line\u2028sep", "U+2028 LINE SEPARATOR"),
        ("\u200djoiner at the start", "U+200D ZERO WIDTH JOINER"),
        ("joiner \u200c beside a space", "U+200C ZERO WIDTH NON-JOINER"),
        ("Z" + "\u0336" * 5, "more than 4 combining marks"),
        ("a" + "\u0301" * 950, "more than 4 combining marks"),
    ],
)
def test_invisible_and_control_characters_are_refused(text, found):
    assert found in (hygiene.problem(text) or "")


@pytest.mark.parametrize(
    "text",
    [
        "Plain text, with punctuation: £5 – “quotes” and an apostrophe’s.",
        "two lines\nand a tab\there\r\n",
        "می\u200cخواهم",  # Persian: the non-joiner between two letters
        "क्\u200dष",  # Devanagari: the joiner between a letter's virama and the next letter
        "👩\u200d💻",  # an emoji sequence
        "Việt Nam",  # two marks on one letter
        "e" + "\u0301" * 4,  # four marks: the most allowed
        "עברית and العربية",  # right-to-left scripts need no control characters
    ],
)
def test_visible_text_and_scripts_joiners_pass(text):
    assert hygiene.problem(text) is None


def test_cells_are_named_by_row_and_column():
    rows = [(2, ["fine", "ok"]), (3, ["fine", "spoof\u202eed"])]
    assert list(hygiene.cell_problems("data/x.csv", ["a", "b"], rows)) == [
        Problem(
            "data/x.csv",
            3,
            "b",
            hygiene.EXPECTED,
            "the invisible character U+202E RIGHT-TO-LEFT OVERRIDE at character 6",
        )
    ]
    assert "row 3, column b" in str(next(hygiene.cell_problems("data/x.csv", ["a", "b"], rows)))


def test_a_header_name_is_checked_too():
    (problem,) = hygiene.cell_problems("data/x.csv", ["a\u200b"], [])
    assert problem.row == 1
