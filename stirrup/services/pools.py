"""What a matching run may match, read from the database: the homes and households still free, the
placements to keep as they are, the pairs declined before, and the load of every association.

Three pools: a round's over its territory; an on-demand solve's for one household (a placement
request) or for one home (newly available). A round may replace the unanswered proposals of its
territory (see docs/workflow.md); a proposal someone has already accepted, or one reaching outside
the territory, is left alone and keeps its home and household out of the pool.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from stirrup.config import Settings
from stirrup.models import (
    LIVE_STATUSES,
    Association,
    Decision,
    Home,
    HomeStatus,
    Household,
    HouseholdStatus,
    Party,
    Placement,
    PlacementDecision,
    PlacementStatus,
)
from stirrup.services.territory import Territory, rounds_only

#: Statuses in which a placement counts against its association's capacity.
_HOLDING = (PlacementStatus.PROPOSED, *LIVE_STATUSES)
T = TypeVar("T")
#: The farthest a household may be placed from its anchor (schemas.households).
_MAX_REACH_KM = 200.0


@dataclass
class Pool:
    households: dict[int, Household]
    homes: dict[int, Home]
    associations: list[Association]
    #: Households each association follows, or is proposed to follow, outside this run.
    loads: dict[int, int]
    #: Accepted and active placements, kept as they are.
    locked: list[Placement] = field(default_factory=list)
    #: (household id, home id) pairs a landlord or a social worker declined.
    forbidden: set[tuple[int, int]] = field(default_factory=set)
    #: Unanswered proposals the run may replace, by id.
    replaceable: dict[int, Placement] = field(default_factory=dict)


def for_round(db: Session, territory: Territory, replace_unanswered: bool = True) -> Pool:
    """Homes and households of the territory that are free, or only in an unanswered proposal the
    round may replace (unless ``replace_unanswered`` is off)."""
    homes = _by_id(db, select(Home).where(territory.homes(), Home.status.in_(_OPEN_HOMES)))
    households = _by_id(
        db,
        select(Household).where(territory.households(), Household.status.in_(OPEN_HOUSEHOLDS)),
    )
    touching = Placement.home_id.in_(select(Home.id).where(territory.homes())) | Placement.household_id.in_(
        select(Household.id).where(territory.households())
    )
    pending = db.scalars(
        select(Placement)
        .options(selectinload(Placement.decisions))
        .where(Placement.status == PlacementStatus.PROPOSED, touching)
        .order_by(Placement.id)
    )
    replaceable = {}
    for proposal in pending:
        if (
            replace_unanswered
            and not proposal.decisions
            and proposal.home_id in homes
            and proposal.household_id in households
        ):
            replaceable[proposal.id] = proposal
        else:
            homes.pop(proposal.home_id, None)
            households.pop(proposal.household_id, None)
    locked = list(
        db.scalars(
            select(Placement).where(Placement.status.in_(LIVE_STATUSES), touching).order_by(Placement.id)
        )
    )
    # Locked placements come with their home and household: the solver keeps them where they are.
    homes.update(_by_id(db, select(Home).where(Home.id.in_({p.home_id for p in locked}))))
    households.update(_by_id(db, select(Household).where(Household.id.in_({p.household_id for p in locked}))))
    inside = [*locked, *replaceable.values()]
    return Pool(
        households=households,
        homes=homes,
        associations=_associations(db),
        loads=_loads(db, minus=Counter(p.association_id for p in inside)),
        locked=locked,
        forbidden=declined(db, households),
        replaceable=replaceable,
    )


def for_household(db: Session, household: Household, settings: Settings) -> Pool:
    """The free homes within the household's reach, outside territories that work by rounds only."""
    homes = _by_id(
        db,
        _free_homes().where(
            *_box(
                Home.latitude,
                Home.longitude,
                household.anchor_latitude,
                household.anchor_longitude,
                household.max_distance_km,
            )
        ),
    )
    homes = {i: h for i, h in homes.items() if not rounds_only(settings, [h.insee_code])}
    households = {household.id: household}
    return Pool(households, homes, _associations(db), _loads(db), forbidden=declined(db, households))


def for_home(db: Session, home: Home, settings: Settings) -> Pool:
    """The free waiting households that could reach the home, outside rounds-only territories."""
    households = _by_id(
        db,
        _free_households().where(
            *_box(
                Household.anchor_latitude,
                Household.anchor_longitude,
                home.latitude,
                home.longitude,
                _MAX_REACH_KM,
            )
        ),
    )
    households = {i: h for i, h in households.items() if not rounds_only(settings, [h.anchor_insee_code])}
    return Pool(
        households, {home.id: home}, _associations(db), _loads(db), forbidden=declined(db, households)
    )


def waiting_for_features(db: Session, home: Home, exclude: int, min_priority: int) -> dict[int, Household]:
    """Free waiting households (but ``exclude``) of at least ``min_priority`` that could reach the
    home: the ones a scarce home may be held back for."""
    return _by_id(
        db,
        _free_households().where(
            Household.id != exclude,
            Household.priority >= min_priority,
            *_box(
                Household.anchor_latitude,
                Household.anchor_longitude,
                home.latitude,
                home.longitude,
                _MAX_REACH_KM,
            ),
        ),
    )


_OPEN_HOMES = (HomeStatus.AVAILABLE, HomeStatus.PROPOSED)
OPEN_HOUSEHOLDS = (HouseholdStatus.WAITING, HouseholdStatus.PROPOSED)


def _free_homes() -> Select[tuple[Home]]:
    return select(Home).where(Home.status == HomeStatus.AVAILABLE, ~Home.id.in_(_held(Placement.home_id)))


def _free_households() -> Select[tuple[Household]]:
    return select(Household).where(
        Household.status == HouseholdStatus.WAITING, ~Household.id.in_(_held(Placement.household_id))
    )


def _held(column: object) -> Select[tuple[int]]:
    return select(column).where(Placement.status.in_(_HOLDING))  # type: ignore[call-overload]


def _box(lat_col: object, lon_col: object, lat: float, lon: float, km: float) -> list[object]:
    """A latitude/longitude box around a point, a little wider than ``km``: a cheap first filter
    in SQL; the solver then decides with exact geodesic distances."""
    dlat = km * 1.01 / 110.574
    dlon = km * 1.01 / max(1e-6, 111.320 * math.cos(math.radians(min(abs(lat) + dlat, 89.0))))
    return [lat_col.between(lat - dlat, lat + dlat), lon_col.between(lon - dlon, lon + dlon)]  # type: ignore[attr-defined]


def _by_id(db: Session, stmt: Select[tuple[T]]) -> dict[int, T]:
    return {row.id: row for row in db.scalars(stmt)}  # type: ignore[attr-defined]


def _associations(db: Session) -> list[Association]:
    return list(
        db.scalars(
            select(Association).options(selectinload(Association.organisation)).order_by(Association.id)
        )
    )


def _loads(db: Session, minus: Counter[int] | None = None) -> dict[int, int]:
    """Households each association follows or is proposed to follow, but those in ``minus``."""
    rows = db.execute(
        select(Placement.association_id, func.count())
        .where(Placement.status.in_(_HOLDING))
        .group_by(Placement.association_id)
    )
    counts = Counter({association_id: n for association_id, n in rows})
    counts.subtract(minus or Counter())
    return {association_id: max(0, n) for association_id, n in counts.items()}


def declined(db: Session, households: dict[int, Household]) -> set[tuple[int, int]]:
    """Pairs a landlord or a social worker declined: never proposed again. (An association that
    declines does not rule out the pair: another association may follow it.)"""
    if not households:
        return set()
    rows = db.execute(
        select(Placement.household_id, Placement.home_id)
        .join(PlacementDecision, PlacementDecision.placement_id == Placement.id)
        .where(
            Placement.household_id.in_(list(households)),
            PlacementDecision.decision == Decision.DECLINED,
            PlacementDecision.party.in_((Party.LANDLORD, Party.SOCIAL_WORKER)),
        )
    )
    return {(household_id, home_id) for household_id, home_id in rows}
