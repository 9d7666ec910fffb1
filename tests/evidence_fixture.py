"""A small, valid set of evidence tables that tests copy and then break on purpose."""

from __future__ import annotations

import csv
from pathlib import Path

from rssreview.evidence.schemas import SPECS

URL = "https://www.cqc.org.uk/example"

ROWS = {
    "cycles": [
        ["2021-12", "Progress report (December 2021)", "2021-12-02", "2021-09", "", URL],
        ["2022-03", "Progress report (March 2022)", "2022-03-25", "2022-02", "2021-12", URL],
    ],
    "themes": [
        ["rights", "1", "Improving people's rights", "confirmed", "About rights.", URL],
        ["staff", "2", "Skilled staff", "confirmed", "About staff.", ""],
    ],
    "recommendations": [
        [
            "1",
            "people have their rights understood",
            "report",
            "confirmed",
            "human rights",
            "Rights are met | Adjustments are made",
            "Not known",
            "uncertain",
            "rights",
            "confirmed",
            URL,
            "",
        ],
        [
            "2",
            "people have skilled staff",
            "report",
            "confirmed",
            "workforce",
            "Enough skilled staff",
            "Not known",
            "uncertain",
            "staff",
            "confirmed",
            f"{URL} ; {URL}/2",
            "",
        ],
    ],
    "ratings": [
        ["2021-12", "1", "not rated", "uncertain", "Not rated then.", URL, "", "final"],
        ["2021-12", "2", "not rated", "uncertain", "Not rated then.", URL, "", "final"],
        ["2022-03", "1", "not achieved", "confirmed", "No impact seen.", URL, "", "final"],
        ["2022-03", "2", "partly achieved", "confirmed", "Some impact.", URL, "", "final"],
    ],
    "evidence": [
        [
            "E001",
            "2022-03",
            "1",
            "stakeholders",
            "People said rights were ignored.",
            "none seen",
            "2022-03",
            URL,
            "confirmed",
        ],
        [
            "E002",
            "2022-03",
            "2",
            "lived experience",
            "Some staff were better trained.",
            "some",
            "2022-01-15",
            URL,
            "confirmed",
        ],
    ],
    "pseudonyms": [["Anna", URL, "2020 report"]],
}


def write_tables(folder: Path, rows: dict[str, list[list[str]]] = ROWS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in rows.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(SPECS[name].columns)
            writer.writerows(body)
    return folder
