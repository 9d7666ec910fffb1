import json

import pandas as pd
import pytest

from rssreview.national import NationalDataError
from rssreview.national import measures as measure_table
from rssreview.present import national_charts as charts
from rssreview.present import theme

CERTAINTY = {"confirmed", "inferred", "uncertain"}

pytestmark = pytest.mark.usefixtures("figures_in_tmp")


def layers(spec: dict) -> list[dict]:
    return [inner for layer in spec["layer"] for inner in layers(layer)] if "layer" in spec else [spec]


def marks(spec: dict) -> list[str]:
    return [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in layers(spec)]


def test_people_in_hospital_alt_text_uses_the_data():
    fig = charts.people_in_hospital("2022-03", "2022-02")
    assert (
        "Assuring Transformation: 2,395 people in hospital at the end of March 2015 (first published) and 2,080 "
        "at the end of September 2021"
    ) in fig.alt
    assert "2,905" in fig.alt
    assert "quoted by a third party; confirmed)" in fig.summary_md and 2 <= fig.summary_md.count(". ") + 1 <= 5
    assert fig.output.data["Month end"].max() <= "2022-02-28"
    assert (fig.output.data["Month end"].str.match(r"^\d{4}-\d{2}-\d{2}$")).all()


def test_every_figure_in_a_summary_has_its_source_and_certainty():
    for build in (charts.people_in_hospital, charts.restraint, charts.send_inspections, charts.people_by_diagnosis):
        fig = build("2022-03", "2022-02")
        cited = (
            fig.summary_md.count("; confirmed)")
            + fig.summary_md.count("; inferred)")
            + fig.summary_md.count("; uncertain)")
        )
        assert cited == fig.summary_md.count("](http"), fig.summary_md
        assert set(fig.output.data["Certainty"]) <= CERTAINTY and "Confidence" not in fig.output.data
        assert "HIGH" not in fig.summary_md and "medium confidence" not in fig.summary_md


def test_data_month_limits_the_series():
    fig = charts.people_in_hospital("2021-12", "2020-02")
    assert "2,170 at the end of February 2020" in fig.alt


def test_no_line_joins_a_gap_or_a_break():
    data = charts.people_in_hospital("2022-03", "2022-02").output.data
    joined = data[~data["Joined by a line"].str.startswith("Not joined")]
    assert not joined.empty
    for _, run in joined.groupby(["Series", "Joined by a line"]):
        months = pd.to_datetime(run["Month end"]).dt.to_period("M").astype(int).sort_values()
        assert len(months) > 1 and months.diff().dropna().eq(1).all()
        assert run["Series version"].nunique() == 1


def test_at_most_four_colours_and_every_series_named_on_the_chart():
    for build in (charts.people_in_hospital, charts.restraint, charts.send_inspections):
        spec = build("2022-03", "2022-02").output.spec
        colours = [layer["encoding"]["color"] for layer in layers(spec) if "color" in layer.get("encoding", {})]
        assert colours and all(c["legend"] is None and len(c["scale"]["range"]) <= 4 for c in colours)
        named = {
            label.replace("\n", " ")
            for layer in layers(spec)
            if "Label" in str(layer.get("encoding", {}))
            for label in spec["datasets"][layer["data"]["name"]]
            for label in [label["Label"]]
        }
        assert named == set(colours[0]["scale"]["domain"])


def test_axes_have_units_and_start_at_zero():
    for build in (charts.people_in_hospital, charts.restraint, charts.send_inspections):
        spec = build("2022-03", "2022-02").output.spec
        points = [layer for layer in layers(spec) if layer["mark"]["type"] == "point"]
        y = points[0]["encoding"]["y"]
        assert y["title"].endswith("(count)") and y["scale"]["zero"] is True


def test_restraint_is_never_joined_and_marks_the_october_2021_break():
    fig = charts.restraint("2022-03", "2022-02")
    assert "line" not in marks(fig.output.spec)
    assert (fig.output.data["Joined by a line"] == charts.NOT_JOINED).all()
    coverage = measure_table.load_measures()[("MHSDS-LDA", "restrictive_interventions")].coverage
    assert set(fig.output.data["Coverage"]) == {coverage} and coverage.startswith("Only providers that reported")
    assert "5,520 in May 2020" in fig.alt and "465 people restrained in February 2022" in fig.alt
    assert "October 2021" in fig.alt and r"Series break:\nMHSDS v5" in str(fig.output.spec)
    assert "rule" in marks(fig.output.spec)


def test_restraint_summary_gives_the_range_not_the_peak_alone():
    fig = charts.restraint("2022-03", "2021-09")
    assert not fig.summary_md.startswith("The highest")
    assert "14 months between December 2018 and July 2021" in fig.summary_md
    assert "ranged from 2,505 in December 2018" in fig.summary_md and "to 5,520 in May 2020" in fig.summary_md
    assert "Series break" not in str(fig.output.spec)  # October 2021 is after this cycle's data month


def test_send_points_and_alt_text():
    fig = charts.send_inspections("2022-03", "2022-02")
    assert "by 31 March 2021, 116 of 151 areas had been inspected and 59 needed a written statement" in fig.alt
    assert "bar" not in marks(fig.output.spec) and "point" in marks(fig.output.spec)
    assert set(fig.output.data["Series"]) == {"Areas inspected", "Needed a written statement of action"}


def test_diagnosis_split_is_its_own_chart():
    fig = charts.people_by_diagnosis("2022-03", "2022-02")
    assert fig.output.data["Series"].tolist() == [
        "Learning disability, not autistic",
        "Autistic, no learning disability",
        "Learning disability and autistic",
    ]
    assert "end of April 2021" in fig.summary_md and "875" in fig.alt
    assert charts.people_by_diagnosis("2022-03", "2020-02") is None


def test_the_site_spec_fits_its_container_and_the_page_copy_matches_the_svg(figures_in_tmp):
    output = charts.restraint("2022-03", "2022-02").output
    site = json.loads((figures_in_tmp / "2022-03" / "restraint.vl.json").read_text())
    assert site["width"] == "container" and output.spec["width"] == theme.WIDTH
    assert f'width="{theme.WIDTH}"' in output.svg and {**output.spec, "width": "container"} == {
        **site,
        "autosize": output.spec["autosize"],
    }


CHARTS = (charts.people_in_hospital, charts.people_by_diagnosis, charts.restraint, charts.send_inspections)


def measures_used(monkeypatch) -> dict:
    """Each chart's (dataset, measure) pairs, as it asks the measures table for them, and the ones it draws."""
    asked: set = set()
    listed = measure_table.listed

    def spy(dataset, measures, why):
        measures = list(measures)
        asked.update((dataset, m, why) for m in measures)
        return listed(dataset, measures, why)

    monkeypatch.setattr(measure_table, "listed", spy)
    used = {}
    for build in CHARTS:
        asked.clear()
        build("2022-03", "2022-02")
        used[build] = set(asked)
    monkeypatch.setattr(measure_table, "listed", listed)
    return used


def test_a_chart_fails_naming_any_measure_it_uses_that_the_table_lacks(monkeypatch):
    table = measure_table.load_measures()
    for build, used in measures_used(monkeypatch).items():
        assert used, build.__name__
        for dataset, measure in {(d, m) for d, m, _ in used}:
            less = {key: row for key, row in table.items() if key != (dataset, measure)}
            with monkeypatch.context() as patched:
                patched.setattr(measure_table, "load_measures", lambda path=None, less=less: less)
                with pytest.raises(NationalDataError, match=f"a row for {dataset} measure '{measure}'"):
                    build("2022-03", "2022-02")


def test_every_chart_label_in_the_table_is_drawn_by_a_chart(monkeypatch):
    drawn = {(d, m) for used in measures_used(monkeypatch).values() for d, m, why in used if why == "a chart draws it"}
    labelled = {key for key, row in measure_table.load_measures().items() if row.chart_label}
    assert labelled == drawn


def test_a_captions_period_ends_at_the_last_month_it_shows():
    """The restraint counts held for the 2021-09 data month end in July 2021: the caption says July, not September."""
    caption = charts.restraint("2022-03", "2021-09").caption
    assert "December 2018 to July 2021." in caption and "September 2021" not in caption


def chart_frame(rows: list[tuple[str, str, int, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Date": d,
                "Series": s,
                "Local areas": v,
                "Certainty": c,
                "Why not confirmed": w,
                "Source": "https://www.example.org/x",
            }
            for d, s, v, c, w in rows
        ]
    )


def test_the_text_after_a_chart_says_which_figures_are_not_confirmed_and_why():
    data = chart_frame(
        [
            ("31 March 2021", "Areas inspected", 116, "confirmed", "A source states it directly"),
            ("13 April 2021", "Areas inspected", 117, "inferred", "the month is not stated; April inferred"),
            ("31 May 2021", "Areas inspected", 1180, "inferred", "Month worked out from the release date."),
            ("31 August 2021", "Needed a statement", 66, "uncertain", "Sources disagree: 66 in one, 65 in another"),
        ]
    )
    text = charts.not_confirmed(data, "Local areas")
    inferred, inferred_items, uncertain, uncertain_items = text.split("\n\n")
    assert inferred.startswith("This chart draws two inferred figures as half-filled points. Inferred means ")
    assert uncertain.startswith("This chart draws one uncertain figure as a hollow point. Uncertain means ")
    assert inferred_items.splitlines() == [
        "- 13 April 2021, areas inspected: 117 local areas ([example\\.org](https://www.example.org/x)). "
        "The month is not stated\\; April inferred\\.",
        "- 31 May 2021, areas inspected: 1,180 local areas ([example\\.org](https://www.example.org/x)). "
        "Month worked out from the release date\\.",
    ]
    assert uncertain_items.startswith("- 31 August 2021, needed a statement: 66 local areas (")
    assert "Sources disagree\\: 66 in one\\, 65 in another\\." in uncertain_items
    assert "116" not in text and "31 March 2021" not in text


def test_a_chart_of_confirmed_figures_says_so():
    data = chart_frame([("31 March 2021", "Areas inspected", 116, "confirmed", "A source states it directly")])
    assert charts.not_confirmed(data, "Local areas") == (
        "Every figure in this chart is confirmed: a source states it directly."
    )


def test_a_reason_from_the_data_cannot_become_markup():
    data = chart_frame([("31 March 2021", "Areas", 1, "uncertain", "see [here](javascript:alert(1)) <b>x</b>")])
    text = charts.not_confirmed(data, "Local areas")
    assert "](javascript" not in text and "<b>" not in text


def drawn_points(spec: dict, certainty: str) -> set[tuple[str, str]]:
    """(date, series) of every point the chart's spec fills as `certainty` (the fill comes from its Certainty)."""
    rows = [row for rows in spec.get("datasets", {}).values() for row in rows if "Series" in row and "Date" in row]
    return {(row["Date"], row["Series"].lower()) for row in rows if row.get("Certainty") == certainty}


def listed_points(text: str, certainty: str) -> set[tuple[str, str]]:
    """(date, series) of every figure the text lists under the paragraph that names `certainty`."""
    blocks = text.split("\n\n")
    found: set[tuple[str, str]] = set()
    for lead, items in zip(blocks[::2], blocks[1::2]):
        if lead.startswith("This chart draws ") and f" {certainty} " in lead:
            for line in items.splitlines():
                date, rest = line.removeprefix("- ").split(", ", 1)
                found.add((date, rest.split(": ", 1)[0].replace("\\", "")))
    return found


@pytest.mark.parametrize("cycle_id", ["2021-12", "2022-03"])
def test_the_text_after_each_chart_names_exactly_the_points_it_draws_half_filled_or_hollow(cycle_id):
    """The prose and the marks agree: every point drawn half-filled or hollow is listed under its certainty, and
    no confirmed point is listed; each cycle's charts end at its own data month."""
    from rssreview import run

    data_month = run.tables().cycle(cycle_id)["data_month"]
    seen = set()
    for build in (charts.people_in_hospital, charts.restraint, charts.send_inspections, charts.people_by_diagnosis):
        fig = build(cycle_id, data_month)
        for word in ("inferred", "uncertain"):
            drawn = drawn_points(fig.output.spec, word)
            assert listed_points(fig.certainty_md, word) == drawn, (fig.output.name, word)
            seen |= {word} if drawn else set()
        if not drawn_points(fig.output.spec, "inferred") | drawn_points(fig.output.spec, "uncertain"):
            assert fig.certainty_md.startswith("Every figure in this chart is confirmed")
    assert seen == {"inferred", "uncertain"}  # the real data has both, so the test compares something


@pytest.mark.parametrize("cycle_id", ["2021-12", "2022-03"])
def test_the_text_after_each_chart_gives_the_plain_reason_never_the_researchers_note(cycle_id):
    """Each figure the text lists carries its `reason` from national_figures.csv, word for word; the provenance
    `note` ("CBF", "verify") never reaches the reader."""
    from rssreview import run
    from rssreview.national import load_national_figures

    figures = load_national_figures()
    chosen = figures[figures["confidence"] != "confirmed"]
    data_month = run.tables().cycle(cycle_id)["data_month"]
    text = "\n".join(
        build(cycle_id, data_month).certainty_md
        for build in (charts.people_in_hospital, charts.restraint, charts.send_inspections, charts.people_by_diagnosis)
    )
    shown = [r for r in chosen["reason"] if charts.reason_sentence(r) in text]
    assert shown, "no chart of the cycle lists a reason, so the test compares nothing"
    for note, reason in zip(chosen["note"], chosen["reason"]):
        assert note == reason or charts.reason_sentence(note) not in text, note
    assert "verify" not in text and "CBF" not in text
