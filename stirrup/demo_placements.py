"""Placements at every stage for the demo: just started, mid-way with visits and milestones,
ending within a month (one without an exit plan), ended with outcomes and the later checks — and
the alerts they raise, so that every demo account has something to act on.

The demo association, landlord and social worker take part in most of them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from stirrup.models import (
    AfterEndCheck,
    Association,
    EarlyEndReason,
    ExitPlan,
    ExitPlanKind,
    Home,
    HomeStatus,
    Household,
    HouseholdStatus,
    Incident,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    InsuranceCertificate,
    InsuranceHolder,
    Milestone,
    MilestoneKind,
    Outcome,
    Placement,
    PlacementEnding,
    PlacementStatus,
    Role,
    User,
    Visit,
    VisitKind,
)
from stirrup.services import lifecycle

SIX_MONTHS = relativedelta(months=6)
_NOTES = (
    "Settling in well; the children have started at the nearby school.",
    "Appointment made with the CAF for housing benefit.",
    "Tired, worried about the paperwork; we went through the letters together.",
    "The flat is well kept. Talked about the budget for the coming month.",
    "Met at the office: CV updated, two applications sent.",
    "Short call: all fine, next visit planned.",
)


@dataclass(frozen=True)
class Story:
    """One placement's life so far, in days before today."""

    started: int
    ended: int | None = None
    outcome: Outcome | None = None
    early: EarlyEndReason | None = None
    later: dict[int, Outcome] = field(default_factory=dict)
    milestones: tuple[MilestoneKind, ...] = ()
    exit_plan: ExitPlanKind | None = None
    last_visit: int | None = None  # None: visits every fortnight until today
    incident: IncidentSeverity | None = None
    insured: bool = True


def _started(days_to_end: int, today: date) -> int:
    """Days since the start of a placement whose planned end is ``days_to_end`` days away (or ago)."""
    start: date = today + timedelta(days=days_to_end) - SIX_MONTHS
    return (today - start).days


def stories(today: date) -> tuple[Story, ...]:
    """The demo's placements, the most telling first (they get the demo landlord's homes)."""
    return (
        Story(
            started=95,
            milestones=(MilestoneKind.POSTAL_ADDRESS, MilestoneKind.HEALTH_COVER, MilestoneKind.BENEFITS),
            incident=IncidentSeverity.SEVERE,
        ),
        Story(started=4, insured=False),
        Story(started=9),
        Story(started=62, milestones=(MilestoneKind.POSTAL_ADDRESS, MilestoneKind.BANK_ACCOUNT)),
        Story(started=110, milestones=(MilestoneKind.IDENTITY_PAPERS,), last_visit=29),
        Story(
            started=_started(18, today),
            milestones=(MilestoneKind.POSTAL_ADDRESS, MilestoneKind.HOUSING_APPLICATION),
            exit_plan=ExitPlanKind.SOCIAL_HOUSING,
        ),
        Story(started=_started(12, today), milestones=(MilestoneKind.JOB_OR_TRAINING,)),
        Story(
            started=_started(-45, today),
            ended=45,
            outcome=Outcome.SOCIAL_HOUSING,
            milestones=(MilestoneKind.HOUSING_APPLICATION,),
        ),
        Story(started=200, ended=95, outcome=Outcome.HOSPITAL_OR_CARE, early=EarlyEndReason.OTHER),
        Story(
            started=_started(-215, today),
            ended=215,
            outcome=Outcome.LONG_TERM_PRIVATE_HOUSING,
            later={6: Outcome.LONG_TERM_PRIVATE_HOUSING},
        ),
        Story(
            started=_started(-245, today), ended=245, outcome=Outcome.FAMILY_OR_FRIENDS
        ),  # its 6-month check is due
        Story(
            started=_started(-395, today),
            ended=395,
            outcome=Outcome.OTHER_SUPPORTED_HOUSING,
            later={6: Outcome.SOCIAL_HOUSING, 12: Outcome.SOCIAL_HOUSING},
        ),
        Story(
            started=_started(-420, today),
            ended=420,
            outcome=Outcome.STREET_OR_EMERGENCY_SHELTER,
            later={6: Outcome.STREET_OR_EMERGENCY_SHELTER, 12: Outcome.UNKNOWN},
        ),
        Story(
            started=_started(-770, today),
            ended=770,
            outcome=Outcome.SOCIAL_HOUSING,
            later={6: Outcome.SOCIAL_HOUSING, 12: Outcome.SOCIAL_HOUSING, 24: Outcome.SOCIAL_HOUSING},
        ),
    )


def add_placements(db: Session, rng: random.Random, today: date, landlord: User, social_worker: User) -> None:
    """Place demo households in demo homes following :func:`stories` — the demo landlord's homes
    and the demo social worker's households first; statuses follow."""
    associations = list(db.scalars(select(Association).order_by(Association.id)))
    staff = {
        u.organisation_id: u for u in db.scalars(select(User).where(User.role == Role.ASSOCIATION_STAFF))
    }
    homes = list(
        db.scalars(
            select(Home)
            .where(
                Home.status == HomeStatus.AVAILABLE,
                or_(Home.available_until.is_(None), Home.available_until > today + relativedelta(years=1)),
            )
            .order_by(func.coalesce(Home.owner_user_id, 0) != landlord.id, Home.id)
        )
    )
    households = list(
        db.scalars(
            select(Household)
            .where(Household.status == HouseholdStatus.WAITING)
            .order_by(Household.referent_id != social_worker.id, Household.id)
        )
    )
    for number, story in enumerate(stories(today)):
        # Two in three followed by the demo association, whose account then has plenty to do.
        association = (
            associations[0] if number % 3 != 2 else associations[1 + number % (len(associations) - 1)]
        )
        household, home = next((hh, h) for hh in households for h in homes if h.max_occupants >= hh.persons)
        households.remove(household)
        homes.remove(home)
        _place(db, rng, today, story, household, home, association, staff[association.organisation_id])


def _place(
    db: Session,
    rng: random.Random,
    today: date,
    story: Story,
    household: Household,
    home: Home,
    association: Association,
    recorder: User,
) -> None:
    start = today - timedelta(days=story.started)
    placement = Placement(
        household_id=household.id,
        home_id=home.id,
        association_id=association.id,
        status=PlacementStatus.ACTIVE,
        start_date=start,
        planned_end=start + SIX_MONTHS,
        explanation={},
    )
    db.add(placement)
    db.flush()
    household.earliest_start = start
    household.waiting_since = datetime.combine(
        start - timedelta(days=rng.randint(12, 150)), time(9), tzinfo=UTC
    )
    lifecycle.refresh_statuses(db, home_ids=[home.id], household_ids=[household.id])
    home.available_from = min(home.available_from, start)
    last_day = today - timedelta(days=story.ended) if story.ended is not None else today
    _visits(db, rng, placement, last_day - timedelta(days=story.last_visit or 0), recorder)
    for offset, kind in enumerate(story.milestones, start=1):
        reached = min(start + timedelta(days=14 * offset + rng.randint(0, 6)), last_day)
        number = (
            f"059 {rng.randint(1000, 9999)} {rng.randint(10000, 99999)} AB"
            if kind is MilestoneKind.HOUSING_APPLICATION
            else None
        )
        db.add(
            Milestone(
                placement_id=placement.id,
                kind=kind,
                reached_on=reached,
                reference=number,
                recorded_by_id=recorder.id,
            )
        )
    if story.exit_plan is not None:
        db.add(
            ExitPlan(
                placement_id=placement.id,
                kind=story.exit_plan,
                recorded_on=today - timedelta(days=20),
                expected_on=placement.planned_end,
                details="Offer from the social landlord accepted.",
                recorded_by_id=recorder.id,
            )
        )
    if story.incident is not None:
        db.add(
            Incident(
                placement_id=placement.id,
                occurred_on=today - timedelta(days=3),
                severity=story.incident,
                category=IncidentCategory.DAMAGE,
                status=IncidentStatus.OPEN,
                recorded_by_id=recorder.id,
                description="Water leak from the bathroom into the flat below; plumber called.",
            )
        )
    if story.insured:
        db.add(
            InsuranceCertificate(
                placement_id=placement.id,
                holder=InsuranceHolder.ASSOCIATION,
                insurer="MAIF",
                policy_number=f"HAB-{placement.id:05d}",
                valid_from=start,
                valid_until=placement.planned_end,
                recorded_by_id=recorder.id,
            )
        )
    if story.ended is not None and story.outcome is not None:
        _end(db, placement, story, last_day, recorder)


def _visits(db: Session, rng: random.Random, placement: Placement, until: date, recorder: User) -> None:
    day = placement.start_date + timedelta(days=2)
    while day <= until:
        kind = rng.choice((VisitKind.HOME_VISIT, VisitKind.HOME_VISIT, VisitKind.PHONE, VisitKind.OFFICE))
        db.add(
            Visit(
                placement_id=placement.id,
                visited_on=day,
                kind=kind,
                wellbeing=rng.randint(2, 5),
                housing_condition=None if kind is VisitKind.PHONE else rng.randint(3, 5),
                notes=rng.choice(_NOTES),
                recorded_by_id=recorder.id,
            )
        )
        day += timedelta(days=rng.randint(9, 16))


def _end(db: Session, placement: Placement, story: Story, ended_on: date, recorder: User) -> None:
    assert story.outcome is not None
    placement.status, placement.actual_end = PlacementStatus.ENDED, ended_on
    db.add(
        PlacementEnding(
            placement_id=placement.id,
            outcome=story.outcome,
            early_end_reason=story.early,
            recorded_by_id=recorder.id,
        )
    )
    db.flush()
    lifecycle.after_end(db, placement, home_withdrawn=False)
    for months, situation in story.later.items():
        checked = ended_on + relativedelta(months=months) + timedelta(days=3)
        db.add(
            AfterEndCheck(
                placement_id=placement.id,
                months=months,
                situation=situation,
                checked_on=checked,
                recorded_by_id=recorder.id,
            )
        )
