"""Months: the month-end dates every series uses, read from arguments or file names."""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS = {m.casefold(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS |= {m.casefold(): i for i, m in enumerate(calendar.month_name) if m}
NAMED_MONTH = re.compile(
    r"(?<![A-Za-z])(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")[ _-]*(\d{4})(?!\d)", re.IGNORECASE
)
ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_month(value: str | dt.date) -> dt.date:
    """The month-end date of a month given as a date, 'YYYY-MM' or 'YYYY-MM-DD'."""
    if isinstance(value, dt.date):
        return month_end(value.year, value.month)
    text = str(value).strip()
    found = ISO_MONTH.match(text)
    if found:
        return month_end(int(found[1]), int(found[2]))
    day = dt.date.fromisoformat(text)
    return month_end(day.year, day.month)


def month_from_name(name: str) -> dt.date | None:
    """The month named in a published file name, e.g. 'LDA_Published_Feb_2022.csv' → 2022-02-28."""
    found = NAMED_MONTH.search(name)
    return month_end(int(found[2]), MONTHS[found[1].casefold()]) if found else None
