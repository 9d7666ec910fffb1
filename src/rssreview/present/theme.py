"""The one Altair theme every chart uses.

Colours are the Government Analysis Function's accessible categorical palette
(distinguishable with the common colour-vision deficiencies and at least 3:1 against
white); text is dark grey on white for AA contrast. Axes start at zero unless a chart
says otherwise and why.
"""

from __future__ import annotations

import altair as alt

PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
TEXT = "#0B0C0C"
GRID = "#D9D9D9"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
THEME_NAME = "rssreview"
WIDTH = 560
HEIGHT = 300


@alt.theme.register(THEME_NAME, enable=True)
def rssreview_theme() -> alt.theme.ThemeConfig:
    """Readable type, a colour-blind-safe palette, light grid, zero baselines."""
    return {
        "config": {
            "background": "#FFFFFF",
            "font": FONT,
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "title": {"fontSize": 16, "fontWeight": "bold", "color": TEXT, "anchor": "start", "offset": 12},
            "axis": {
                "labelFontSize": 13, "titleFontSize": 13, "labelColor": TEXT, "titleColor": TEXT,
                "gridColor": GRID, "domainColor": "#505A5F", "tickColor": "#505A5F",
            },
            "axisX": {"grid": False},
            "legend": {"labelFontSize": 13, "titleFontSize": 13, "labelColor": TEXT, "titleColor": TEXT,
                       "orient": "bottom", "direction": "horizontal"},
            "range": {"category": PALETTE},
            "scale": {"zero": True},
            "line": {"strokeWidth": 3},
            "point": {"size": 60, "filled": True},
            "bar": {"color": PALETTE[0]},
            "text": {"fontSize": 13, "color": TEXT},
        }
    }


def enable() -> None:
    """Make the project theme the active one (idempotent)."""
    alt.theme.enable(THEME_NAME)
