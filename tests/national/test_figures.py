import pytest

from rssreview.national import NationalDataError, load_national_figures
from rssreview.national.figures import NATIONAL_FIGURES

REFERENCE = "/work/shared/reference/national-monthly.csv"


def test_embedded_table_is_valid_and_complete():
    df = load_national_figures()
    assert set(df["dataset"]) == {"AT", "MHSDS-LDA", "SEND"}
    assert set(df["confidence"]) <= {"confirmed", "inferred", "uncertain"}
    send = df[df["dataset"] == "SEND"].set_index(["period_end", "measure"])["value"]
    assert send[("2021-03-31", "areas_inspected")] == 116 and send[("2021-08-31", "wsoa_required")] == 66


def test_every_reference_row_is_carried_over():
    import csv
    from pathlib import Path

    if not Path(REFERENCE).exists():
        pytest.skip("reference folder not on this machine")

    # The source audit (data/README.md) may move a figure to the original publisher's page, switch it to https,
    # rewrite its note and lower its certainty; the figure itself (what, when, how many) never changes.
    ours = list(csv.reader(open(NATIONAL_FIGURES, encoding="utf-8")))
    theirs = list(csv.reader(open(REFERENCE, encoding="utf-8")))
    mapped = {tuple(r[:4]): r for r in ours}
    assert all(tuple(r[:4]) in mapped for r in theirs)
    for row in theirs[1:]:
        kept = mapped[tuple(row[:4])]
        if row[6] == "HIGH":
            assert kept[6] == "confirmed" or "disagree" in kept[7].lower() or "not found" in kept[7], kept
        if kept[4] != row[4]:
            assert kept[4] == row[4].replace("http://", "https://", 1), (kept[4], row[4])


def test_problems_listed_with_rows(tmp_path):
    lines = NATIONAL_FIGURES.read_text(encoding="utf-8").splitlines()
    header, first = lines[0], lines[1].split(",")
    bad = [
        ",".join([*first[:3], "-5", *first[4:]]),
        ",".join([first[0], "2021-02-30", *first[2:]]),
        "SEND,2021-03-31,areas_inspected,116,ftp://x,official,MAYBE,note,Why.",
        lines[1],
    ]
    path = tmp_path / "figs.csv"
    path.write_text("\n".join([header, lines[1], *bad]) + "\n", encoding="utf-8")
    with pytest.raises(NationalDataError) as err:
        load_national_figures(path)
    text = str(err.value)
    assert "figs.csv, row 3, column value: expected a number of zero or more; found '-5'" in text
    assert "row 4, column period_end: expected a real calendar date" in text
    assert "row 5, column confidence: expected confirmed, inferred or uncertain; found 'MAYBE'" in text
    assert "row 5, column source_url" in text
    assert "row 6: expected one row per (dataset, period_end, measure)" in text


def test_a_figure_that_is_not_confirmed_must_say_why_and_a_confirmed_one_must_not(tmp_path):
    lines = NATIONAL_FIGURES.read_text(encoding="utf-8").splitlines()
    header = lines[0]
    rows = [
        "SEND,2021-03-31,areas_inspected,116,https://example.org/a,official,uncertain,CYP Now; verify,",
        "SEND,2021-04-30,areas_inspected,117,https://example.org/b,official,inferred,month inferred,   ",
        "SEND,2021-05-31,areas_inspected,118,https://example.org/c,official,confirmed,,",
        "SEND,2021-06-30,areas_inspected,119,https://example.org/d,official,confirmed,,Two sources disagree.",
        "SEND,2021-07-31,areas_inspected,120,https://example.org/e,official,inferred,,We took the month from the title.",
    ]
    path = tmp_path / "figs.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(NationalDataError) as err:
        load_national_figures(path)
    assert str(err.value).splitlines() == [
        "figs.csv, row 2, column reason: expected a reason in plain words, for a figure that is not confirmed; "
        "found ''",
        "figs.csv, row 3, column reason: expected a reason in plain words, for a figure that is not confirmed; "
        "found ''",
        "figs.csv, row 5, column reason: expected no reason, for a confirmed figure; found 'Two sources disagree.'",
    ]


def test_the_reasons_are_plain_words_not_the_researchers_shorthand():
    # The reason is what a member of the public reads after each chart and in the downloads: no abbreviation
    # without its words and no to-do words, which the provenance note keeps.
    reasons = load_national_figures()["reason"]
    for shorthand in ("CBF", "AT ", "MHSDS", "LDT", "CYP", "IPSEA", "verify", "MISMATCH", "slug", "inferred", "->"):
        assert not reasons.str.contains(shorthand, regex=False).any(), shorthand
    assert reasons.str.strip().eq("").sum() == (load_national_figures()["confidence"] == "confirmed").sum()
