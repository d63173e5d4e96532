"""The coordinators' statistics (/statistics): the territory now, how placements ended and whether
it lasted (the street-or-shelter share with its denominator), charts drawn on the server, and the
exports. Every figure comes from services.dashboards.coordinator_dashboard (docs/followup.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from stirrup.deps import DB
from stirrup.i18n import N_, gettext, month, number
from stirrup.models import HomeStatus
from stirrup.pages import alerts as shown_alerts
from stirrup.pages import charts
from stirrup.pages.labels import label
from stirrup.pages.rendering import render
from stirrup.pages.security import PagePrincipal
from stirrup.services import dashboards

router = APIRouter(include_in_schema=False)


def _whole(value: float) -> str:
    return number(int(value)) if float(value).is_integer() else number(round(value, 1))


def _month(key: str) -> str:
    """'2026-03' as the reader writes a month."""
    year, number_of_month = key.split("-")
    return month(date(int(year), int(number_of_month), 1))


def _charts(board: dict[str, Any]) -> dict[str, charts.Chart]:
    months = board["placements_per_month"]
    waited = [
        (_month(m["month"]), m["average_days_waiting"])
        for m in months
        if m["average_days_waiting"] is not None
    ]
    return {
        "started_chart": charts.line_chart(
            gettext(N_("Placements started each month")),
            gettext(N_("How many households moved into a lent home each month.")),
            [(_month(m["month"]), m["started"]) for m in months],
            format_value=_whole,
        ),
        "outcomes_chart": charts.bar_chart(
            gettext(N_("Where households went at the end")),
            gettext(N_("How many ended placements led to each outcome.")),
            [(label(o["outcome"]), o["count"]) for o in board["outcomes"]["outcomes"]],
            format_value=_whole,
        ),
        "waiting_chart": charts.bar_chart(
            gettext(N_("Days waited before moving in")),
            gettext(N_("Average days from entering the waiting list to moving in, by month of moving in.")),
            waited,
            format_value=_whole,
        ),
    }


@router.get("/statistics", response_class=HTMLResponse)
def statistics(request: Request, db: DB, principal: PagePrincipal) -> Response:
    board = dashboards.coordinator_dashboard(db, principal)
    homes = board["homes_by_status"]
    context = {
        "board": board,
        "alerts": shown_alerts.shown(board["alerts"], principal),
        "available": homes.get(HomeStatus.AVAILABLE, 0),
        "occupied": homes.get(HomeStatus.OCCUPIED, 0),
        "waiting": sum(board["households_waiting_by_priority"].values()),
        "priorities": [(p, board["households_waiting_by_priority"].get(p, 0)) for p in range(5, 0, -1)],
        **_charts(board),
    }
    return render(request, "statistics/statistics.html", context)
