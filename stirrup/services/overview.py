"""What coordinators see of the whole programme at a glance: homes by status, households waiting
by priority, and where homes, households and placements are — counted per commune, so that no
household is ever placed on a map more precisely than its commune."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup.errors import Forbidden
from stirrup.geography import gazetteer
from stirrup.models import LIVE_STATUSES, Home, HomeStatus, Household, HouseholdStatus, Placement
from stirrup.services.access import Principal

#: Homes drawn on the map: those offered or lent (not drafts, not withdrawn).
MAPPED_HOME_STATUSES = (HomeStatus.AVAILABLE, HomeStatus.PROPOSED, HomeStatus.OCCUPIED)
#: Households drawn on the map: those still looking for a home.
MAPPED_HOUSEHOLD_STATUSES = (HouseholdStatus.WAITING, HouseholdStatus.PROPOSED)


#: What places a household's anchor on the map: its commune, never its exact point.
ANCHOR = (
    Household.anchor_insee_code,
    Household.anchor_commune,
    Household.anchor_latitude,
    Household.anchor_longitude,
)


def _require_overseer(principal: Principal) -> None:
    if not principal.oversees_all:
        raise Forbidden("the overview is for coordinators")


def homes_by_status(db: Session, principal: Principal) -> dict[HomeStatus, int]:
    _require_overseer(principal)
    counts = dict(db.execute(select(Home.status, func.count()).group_by(Home.status)).all())
    return {status: counts.get(status, 0) for status in HomeStatus}


def waiting_by_priority(db: Session, principal: Principal) -> dict[int, int]:
    _require_overseer(principal)
    counts = dict(
        db.execute(
            select(Household.priority, func.count())
            .where(Household.status == HouseholdStatus.WAITING)
            .group_by(Household.priority)
        ).all()
    )
    return {priority: counts.get(priority, 0) for priority in range(1, 6)}


@dataclass(frozen=True)
class MapCounts:
    """Counts per commune (INSEE code); ``elsewhere`` counts what no known commune could hold."""

    homes: dict[str, int]
    anchors: dict[str, int]
    placements: dict[tuple[str, str], int]
    elsewhere: int


def _anchor_code(code: str | None, commune: str, latitude: float, longitude: float) -> str | None:
    """The anchor's INSEE code: as stored, else the commune of that name nearest the point."""
    if code:
        return code
    found = gazetteer().nearest(commune, latitude, longitude)
    return found.insee_code if found else None


def map_counts(db: Session, principal: Principal) -> MapCounts:
    """Homes, households' anchors and live placements, each reduced to its commune."""
    _require_overseer(principal)
    homes = Counter(
        code for (code,) in db.execute(select(Home.insee_code).where(Home.status.in_(MAPPED_HOME_STATUSES)))
    )
    anchors: Counter[str | None] = Counter(
        _anchor_code(*row)
        for row in db.execute(select(*ANCHOR).where(Household.status.in_(MAPPED_HOUSEHOLD_STATUSES)))
    )
    live = db.execute(
        select(Home.insee_code, *ANCHOR)
        .join(Placement, Placement.home_id == Home.id)
        .join(Household, Placement.household_id == Household.id)
        .where(Placement.status.in_(LIVE_STATUSES))
    )
    placements: Counter[tuple[str | None, str | None]] = Counter(
        (home_code, _anchor_code(*anchor)) for home_code, *anchor in live
    )
    elsewhere = homes.pop(None, 0) + anchors.pop(None, 0)
    return MapCounts(
        homes={k: v for k, v in homes.items() if k},
        anchors={k: v for k, v in anchors.items() if k},
        placements={(h, a): n for (h, a), n in placements.items() if h and a},
        elsewhere=elsewhere,
    )
