"""The coordinators' map and figures: homes, households' anchors and placements on a map of the
communes drawn on the server, and charts of homes by status and households waiting by priority.
(The follow-up's statistics add their charts here with the same chart module.)"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from stirrup.deps import DB
from stirrup.geography import gazetteer
from stirrup.i18n import N_, gettext, ngettext, number
from stirrup.pages import charts, geomap
from stirrup.pages.labels import label
from stirrup.pages.rendering import render
from stirrup.pages.security import PagePrincipal
from stirrup.services import overview

router = APIRouter(include_in_schema=False)


def _whole(value: float) -> str:
    return number(int(value)) if float(value).is_integer() else number(value)


def _placement_title(home: str, anchor: str, count: int) -> str:
    words = ngettext(
        "%(num)d placement: a home in %(home)s, a household from %(anchor)s",
        "%(num)d placements: homes in %(home)s, households from %(anchor)s",
        count,
    )
    return words % {"num": count, "home": home, "anchor": anchor}


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, db: DB, principal: PagePrincipal, area: str = "") -> Response:
    counts = overview.map_counts(db, principal)
    by_status = overview.homes_by_status(db, principal)
    by_priority = overview.waiting_by_priority(db, principal)
    drawn = geomap.commune_map(
        gettext(N_("Homes, households and placements by commune")),
        gettext(N_("%(homes)d homes, %(households)d households waiting and %(placements)d placements."))
        % {
            "homes": sum(counts.homes.values()),
            "households": sum(counts.anchors.values()),
            "placements": sum(counts.placements.values()),
        },
        counts.homes,
        counts.anchors,
        counts.placements,
        _placement_title,
        whole=area == "all",
    )
    communes = sorted(set(counts.homes) | set(counts.anchors))
    rows = [
        (gazetteer().by_insee(code), counts.homes.get(code, 0), counts.anchors.get(code, 0))
        for code in communes
    ]
    context = {
        "map": drawn,
        "whole": area == "all",
        "rows": [(commune.name, homes, anchors) for commune, homes, anchors in rows if commune],
        "elsewhere": counts.elsewhere,
        "homes_chart": charts.bar_chart(
            gettext(N_("Homes by status")),
            gettext(N_("How many homes are in each status.")),
            [(label(status), count) for status, count in by_status.items()],
            format_value=_whole,
        ),
        "priority_chart": charts.bar_chart(
            gettext(N_("Households waiting, by priority")),
            gettext(N_("How many households wait at each priority, from 1 (can wait) to 5 (most urgent).")),
            [(gettext(N_("priority %(n)d")) % {"n": p}, count) for p, count in by_priority.items()],
            format_value=_whole,
        ),
    }
    return render(request, "overview/map.html", context)
