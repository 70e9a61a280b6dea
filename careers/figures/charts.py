"""A figure's breakdown as the geometry of a bar chart, for the inline SVG the page draws
on the server: no JavaScript and no chart library, and the same rows as the table that
stands beside it for screen readers. Labels stay text; the template escapes them.

Each row is its label on one line and its bar below it, the value at the bar's end, so
a long label never collides with a value and the chart reads on a phone. Coordinates
are strings, so that no template localises them.
"""

import dataclasses

WIDTH = 320  # the viewBox's width; CSS scales the chart to its column
ROW = 48  # one row: label, then bar
BAR = 18
VALUE_ROOM = 96  # right of the longest bar, for its value ("1,234.5人")


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as shown, with its unit
    y: str  # the label's baseline
    bar_y: str
    width: str
    text_x: str
    text_y: str


@dataclasses.dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    bars: list


def bar_chart(rows, unit):
    """The chart of rows (each with label, value and shown_value), or None without rows."""
    if not rows:
        return None
    longest = max(row.value for row in rows) or 1
    bars = []
    for i, row in enumerate(rows):
        top = i * ROW
        width = float(row.value / longest) * (WIDTH - VALUE_ROOM)
        bars.append(
            Bar(
                label=row.label,
                text=f"{row.shown_value}{unit}",
                y=f"{top + 17}",
                bar_y=f"{top + 24}",
                width=f"{width:.1f}",
                text_x=f"{width + 6:.1f}",
                text_y=f"{top + 24 + BAR - 4}",
            )
        )
    return Chart(width=WIDTH, height=len(rows) * ROW, bar_height=BAR, bars=bars)
