"""Statistics of placements and their outcomes, aggregated by the database, over the placements
the principal may see (everything for coordinators; an association's own for its staff).

Definitions (docs/followup.md): an outcome rate is a share of the ended placements with a
recorded outcome; the street-or-shelter share at a horizon is a share of the *known* answers
(neither "unknown" nor missing), and the unknown and missing answers are counted beside it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Float, extract, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from stirrup.models import (
    AFTER_END_HORIZONS,
    AfterEndCheck,
    Association,
    Home,
    Household,
    HouseholdStatus,
    Organisation,
    Outcome,
    Placement,
    PlacementEnding,
    PlacementStatus,
)
from stirrup.services import access
from stirrup.services.access import Principal
from stirrup.services.outcomes import due_on

#: Placements that have started: what waiting times and months count.
STARTED = (PlacementStatus.ACTIVE, PlacementStatus.ENDED)
STREET = Outcome.STREET_OR_EMERGENCY_SHELTER


class days_between(FunctionElement[float]):  # lower case: it reads as an SQL function
    """Whole days from the date of the second argument to the date of the first, on both
    databases (PostgreSQL subtracts dates; SQLite counts Julian days)."""

    type = Float()
    inherit_cache = True


@compiles(days_between)
def _days_between(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(CAST({later} AS DATE) - CAST({earlier} AS DATE))"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(julianday(date({later})) - julianday(date({earlier})))"


def _ended(principal: Principal, *columns: Any) -> Any:
    return (
        select(*columns)
        .select_from(Placement)
        .join(PlacementEnding, PlacementEnding.placement_id == Placement.id)
        .where(Placement.status == PlacementStatus.ENDED, access.placements_visible_to(principal))
    )


def _rates(counts: dict[Outcome, int]) -> dict[str, Any]:
    total = sum(counts.values())
    return {
        "ended": total,
        "outcomes": [
            {"outcome": outcome, "count": counts.get(outcome, 0), "rate": counts.get(outcome, 0) / total}
            for outcome in Outcome
        ]
        if total
        else [],
    }


def _outcomes_by(db: Session, principal: Principal, *key: Any) -> dict[tuple[Any, ...], dict[Outcome, int]]:
    """Counts of each outcome per value of the ``key`` columns (one group, ``()``, without any)."""
    stmt = (
        _ended(principal, *key, PlacementEnding.outcome, func.count())
        .join(Home, Home.id == Placement.home_id)
        .join(Association, Association.id == Placement.association_id)
        .join(Organisation, Organisation.id == Association.organisation_id)
        .group_by(*key, PlacementEnding.outcome)
    )
    groups: dict[tuple[Any, ...], dict[Outcome, int]] = defaultdict(dict)
    for *values, outcome, count in db.execute(stmt):
        groups[tuple(values)][outcome] = count
    return groups


def _outcome_counts(db: Session, principal: Principal) -> dict[Outcome, int]:
    return _outcomes_by(db, principal).get((), {})


def outcomes(db: Session, principal: Principal) -> dict[str, Any]:
    """Counts and rates of each outcome: overall, by the home's commune, by association."""
    by_commune = _outcomes_by(db, principal, Home.insee_code, Home.commune)
    by_association = _outcomes_by(db, principal, Association.id, Organisation.name)
    return {
        **_rates(_outcome_counts(db, principal)),
        "by_commune": [
            {"insee_code": insee, "commune": name, **_rates(counts)}
            for (insee, name), counts in sorted(by_commune.items(), key=lambda item: item[0][1])
        ],
        "by_association": [
            {"association_id": association_id, "name": name, **_rates(counts)}
            for (association_id, name), counts in sorted(by_association.items(), key=lambda item: item[0][1])
        ],
    }


def street_or_shelter_shares(db: Session, principal: Principal, today: date) -> list[dict[str, Any]]:
    """At the end and 6, 12, 24 months later: of the households whose situation is known, the share
    on the street or in emergency shelter; ``unknown`` (answered so) and ``not_recorded`` (due, no
    answer) are outside the denominator and counted beside it."""
    at_end = _outcome_counts(db, principal)
    later: dict[int, dict[Outcome, int]] = defaultdict(dict)
    for months, situation, count in db.execute(
        _ended(principal, AfterEndCheck.months, AfterEndCheck.situation, func.count())
        .join(AfterEndCheck, AfterEndCheck.placement_id == Placement.id)
        .group_by(AfterEndCheck.months, AfterEndCheck.situation)
    ):
        later[months][situation] = count
    ends = list(db.scalars(_ended(principal, Placement.actual_end)))
    rows = [_share(0, sum(at_end.values()), at_end)]
    for months in AFTER_END_HORIZONS:
        due = sum(1 for end in ends if due_on(end, months) <= today)
        rows.append(_share(months, due, later[months]))
    return rows


def _share(months: int, due: int, answers: dict[Outcome, int]) -> dict[str, Any]:
    unknown = answers.get(Outcome.UNKNOWN, 0)
    known = sum(answers.values()) - unknown
    street = answers.get(STREET, 0)
    return {
        "months": months,
        "due": due,
        "known": known,
        "street_or_shelter": street,
        "share": street / known if known else None,
        "unknown": unknown,
        "not_recorded": max(due - known - unknown, 0),
    }


def average_days_waiting(db: Session, principal: Principal) -> float | None:
    """Mean days from entering the waiting list to moving in, over placements that started."""
    value = db.scalar(
        select(func.avg(days_between(Placement.start_date, Household.waiting_since)))
        .join(Household, Household.id == Placement.household_id)
        .where(Placement.status.in_(STARTED), access.placements_visible_to(principal))
    )
    return None if value is None else round(float(value), 1)


def placements_per_month(db: Session, principal: Principal) -> list[dict[str, Any]]:
    """Placements started and ended each month, every month from the first to the last."""
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: {"started": 0, "ended": 0})
    for label, column in (("started", Placement.start_date), ("ended", Placement.actual_end)):
        year, month = extract("year", column), extract("month", column)
        for y, m, count in db.execute(
            select(year, month, func.count())
            .where(
                Placement.status.in_(STARTED), column.is_not(None), access.placements_visible_to(principal)
            )
            .group_by(year, month)
        ):
            counts[(int(y), int(m))][label] = count
    if not counts:
        return []
    (y, m), last = min(counts), max(counts)
    months = []
    while (y, m) <= last:
        months.append({"month": f"{y:04d}-{m:02d}", **counts.get((y, m), {"started": 0, "ended": 0})})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _counts(db: Session, column: Any, *where: ColumnElement[bool]) -> dict[Any, int]:
    return dict(db.execute(select(column, func.count()).where(*where).group_by(column)).all())


def current_picture(db: Session, principal: Principal) -> dict[str, Any]:
    """Homes by status, households waiting by priority, placements active now."""
    return {
        "homes_by_status": _counts(db, Home.status, access.homes_visible_to(principal)),
        "households_waiting_by_priority": _counts(
            db,
            Household.priority,
            Household.status == HouseholdStatus.WAITING,
            access.households_visible_to(principal),
        ),
        "placements_active": db.scalar(
            select(func.count())
            .select_from(Placement)
            .where(Placement.status == PlacementStatus.ACTIVE, access.placements_visible_to(principal))
        ),
    }
