"""Charts drawn on the server as SVG: bars and lines, with a title, a description and the data as a
table for screen readers (templates/_charts.html renders them).

Build a chart here from plain (label, value) pairs, pass it to the template, and call the macro:

    chart = bar_chart(_("Homes by status"), _("How many homes are in each status."), pairs)
    {% from "_charts.html" import chart %}{{ chart(homes_chart) }}

Geometry is computed here (pure, tested); the template only writes it out, escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import count

WIDTH, HEIGHT = 640, 300
#: Room around the plot: left for the value axis, bottom for the labels.
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 56

_ids = count(1)
Format = Callable[[float], str]


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Mark:
    """One bar, or one point of a line, with its label and value."""

    label: str
    value: float
    shown: str  # the value as the reader writes it
    x: float
    y: float
    width: float = 0.0
    height: float = 0.0


@dataclass(frozen=True)
class Chart:
    kind: str  # "bars" or "line"
    title: str
    description: str
    marks: list[Mark]
    ticks: list[Tick]
    unit: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    id: str = field(default_factory=lambda: f"chart-{next(_ids)}")

    @property
    def baseline(self) -> float:
        return self.height - BOTTOM

    @property
    def points(self) -> str:
        """The line's points for an SVG polyline."""
        return " ".join(f"{m.x:.1f},{m.y:.1f}" for m in self.marks)

    @property
    def empty(self) -> bool:
        return not self.marks


def nice_ceiling(value: float) -> float:
    """The smallest round number (1, 2, 2.5 or 5 × a power of ten) at or above ``value``."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def _ticks(top: float, plot_height: float, format_value: Format) -> list[Tick]:
    """Grid lines at round values: whole numbers whenever the top allows (counts of things)."""
    steps = next((s for s in (5, 4, 2) if (top / s).is_integer()), 4 if top < 1 else 1)
    return [
        Tick(TOP + plot_height * (1 - i / steps), format_value(top * i / steps)) for i in range(steps + 1)
    ]


def _plain(value: float) -> str:
    return f"{value:g}"


def _frame(
    data: Sequence[tuple[str, float]], format_value: Format | None
) -> tuple[Format, float, float, float]:
    """How values are written, the value at the top of the axis, and the plot's size."""
    top = nice_ceiling(max((v for _, v in data), default=0))
    return format_value or _plain, top, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


def bar_chart(
    title: str,
    description: str,
    data: Sequence[tuple[str, float]],
    unit: str = "",
    format_value: Format | None = None,
) -> Chart:
    """Vertical bars, one per (label, value), on a value axis starting at zero."""
    shown, top, plot_width, plot_height = _frame(data, format_value)
    slot = plot_width / max(len(data), 1)
    marks = []
    for i, (label, value) in enumerate(data):
        height = plot_height * value / top
        marks.append(
            Mark(
                label,
                value,
                shown(value),
                LEFT + slot * (i + 0.15),
                TOP + plot_height - height,
                slot * 0.7,
                height,
            )
        )
    return Chart("bars", title, description, marks, _ticks(top, plot_height, shown), unit)


def line_chart(
    title: str,
    description: str,
    data: Sequence[tuple[str, float]],
    unit: str = "",
    format_value: Format | None = None,
) -> Chart:
    """A line through (label, value) points evenly spaced in order (months, weeks…)."""
    shown, top, plot_width, plot_height = _frame(data, format_value)
    step = plot_width / max(len(data) - 1, 1)
    marks = [
        Mark(label, value, shown(value), LEFT + step * i, TOP + plot_height * (1 - value / top))
        for i, (label, value) in enumerate(data)
    ]
    return Chart("line", title, description, marks, _ticks(top, plot_height, shown), unit)
