"""Proposals and their answers: the landlord, the household's social worker and the proposed
association each accept or decline; when all three have accepted the same move-in date, the
placement holds the home and the household for six months (services.lifecycle).

Each party is found from the caller's role, within the proposals the caller may see: a landlord
answers for their homes, a social worker for their organisation's households, association staff
for their association. A household's decline never lowers its priority nor its place in the
waiting list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from stirrup import clock
from stirrup.errors import Conflict, Forbidden, InvalidInput, NotFound
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
    Role,
)
from stirrup.services import access, audit, lifecycle
from stirrup.services.access import Principal
from stirrup.services.lifecycle import CloseReason
from stirrup.services.listing import Page, PageRequest, paginate

PARTY_OF_ROLE = {
    Role.LANDLORD: Party.LANDLORD,
    Role.SOCIAL_WORKER: Party.SOCIAL_WORKER,
    Role.ASSOCIATION_STAFF: Party.ASSOCIATION,
}
#: The reasons each side may give for a decline ("other" needs a few words).
DECLINE_REASONS = {
    Party.LANDLORD: ("dates", "household_size", "no_association_contact", "other"),
    Party.SOCIAL_WORKER: ("too_far_from_school_or_work", "accessibility", "safety", "other"),
    Party.ASSOCIATION: ("no_capacity", "outside_area", "support_not_offered", "other"),
}
#: What a party that tries to answer a closed proposal is told.
_CLOSED = {
    CloseReason.DECLINED: "it was declined",
    CloseReason.EXPIRED: "it expired without an answer from everyone",
    CloseReason.SUPERSEDED: "a newer matching round replaced it",
    CloseReason.HOME_TAKEN: "the home was promised to another household",
    CloseReason.HOUSEHOLD_PLACED: "the household accepted another home",
    CloseReason.HOME_WITHDRAWN: "the home was withdrawn by its owner",
    CloseReason.HOUSEHOLD_EXITED: "the household left the programme",
}
SORTABLE = {"id": Placement.id, "created_at": Placement.created_at, "start_date": Placement.start_date}


@dataclass(frozen=True)
class ProposalFilters:
    status: PlacementStatus | None = PlacementStatus.PROPOSED
    matching_run_id: int | None = None
    #: Only the proposals the caller's side has not accepted yet.
    to_answer: bool = False


def party_of(principal: Principal) -> Party:
    party = PARTY_OF_ROLE.get(principal.role)
    if party is None:
        raise Forbidden("proposals are answered by the landlord, the social worker and the association")
    return party


def _query() -> Select[tuple[Placement]]:
    return select(Placement).options(
        selectinload(Placement.home),
        selectinload(Placement.household),
        selectinload(Placement.association).selectinload(Association.organisation),
        selectinload(Placement.decisions),
    )


def list_proposals(
    db: Session, principal: Principal, filters: ProposalFilters, page: PageRequest
) -> Page[Placement]:
    """Proposals the caller may see: by default those still waiting for answers."""
    stmt = _query().where(access.placements_visible_to(principal))
    if filters.status is not None:
        stmt = stmt.where(Placement.status == filters.status)
    if filters.matching_run_id is not None:
        stmt = stmt.where(Placement.matching_run_id == filters.matching_run_id)
    if filters.to_answer:
        stmt = stmt.where(~accepted_by(party_of(principal)))
    result: Page[Placement] = paginate(db, stmt, page, SORTABLE, "created_at", Placement.id)
    return result


def accepted_by(party: Party) -> Any:
    """SQL: the placement's current move-in date has been accepted by ``party``."""
    return (
        select(PlacementDecision.id)
        .where(
            PlacementDecision.placement_id == Placement.id,
            PlacementDecision.party == party,
            PlacementDecision.decision == Decision.ACCEPTED,
            PlacementDecision.move_in_date == Placement.start_date,
        )
        .exists()
    )


def get_proposal(db: Session, principal: Principal, placement_id: int) -> Placement:
    placement = db.scalar(
        _query().where(Placement.id == placement_id, access.placements_visible_to(principal))
    )
    if placement is None:
        raise NotFound(f"proposal {placement_id} not found")
    return placement


def accept(db: Session, principal: Principal, placement_id: int, move_in: date | None) -> Placement:
    """Record the caller's side's acceptance (of the proposed date, or of another one); the third
    acceptance of the same date makes the placement live."""
    party = party_of(principal)
    placement, household, home = _open_for_answer(db, principal, placement_id)
    answers = latest_answers(db, placement.id)
    if move_in is not None and move_in != placement.start_date:
        _check_move_in(move_in, household, home)
        placement.start_date, placement.planned_end = move_in, lifecycle.six_months_after(move_in)
        audit.record(db, principal, "propose_move_in", "placement", placement.id, party=party.value)
    mine = answers.get(party)
    if mine is not None and mine.decision is Decision.ACCEPTED and mine.move_in_date == placement.start_date:
        raise Conflict(f"you have already accepted this proposal for {placement.start_date.isoformat()}")
    db.add(
        PlacementDecision(
            placement_id=placement.id,
            party=party,
            decision=Decision.ACCEPTED,
            user_id=principal.user_id,
            move_in_date=placement.start_date,
        )
    )
    db.flush()
    audit.record(db, principal, "accept_proposal", "placement", placement.id, party=party.value)
    answers = latest_answers(db, placement.id)
    if all(
        (a := answers.get(p)) is not None
        and a.decision is Decision.ACCEPTED
        and a.move_in_date == placement.start_date
        for p in Party
    ):
        _go_live(db, principal, placement, household, home)
    db.refresh(placement)
    return placement


def decline(
    db: Session, principal: Principal, placement_id: int, reason_code: str, reason_text: str
) -> Placement:
    """Record the caller's side's decline: the proposal ends, its home and household are free, and
    the pair is never proposed again (but for an association's decline: another may follow)."""
    party = party_of(principal)
    allowed = DECLINE_REASONS[party]
    if reason_code not in allowed:
        raise InvalidInput.field(
            "reason_code", f"for the {party.value.replace('_', ' ')}, one of: {', '.join(allowed)}"
        )
    if reason_code == "other" and not reason_text.strip():
        raise InvalidInput.field("reason_text", "say in a few words why, when the reason is 'other'")
    placement, _, _ = _open_for_answer(db, principal, placement_id)
    db.add(
        PlacementDecision(
            placement_id=placement.id,
            party=party,
            decision=Decision.DECLINED,
            user_id=principal.user_id,
            reason_code=reason_code,
            reason_text=reason_text.strip() or None,
        )
    )
    lifecycle.close(db, principal, placement, CloseReason.DECLINED)
    audit.record(
        db, principal, "decline_proposal", "placement", placement.id, party=party.value, reason=reason_code
    )
    db.refresh(placement)
    return placement


def _open_for_answer(
    db: Session, principal: Principal, placement_id: int
) -> tuple[Placement, Household, Home]:
    """The proposal, its household and its home, locked in that order and re-read, if it can
    still be answered; otherwise a conflict that says why."""
    seen = get_proposal(db, principal, placement_id)
    household, home = lifecycle.lock_pair(db, seen.household_id, seen.home_id)
    placement = lifecycle.lock_placement(db, placement_id)
    if placement.status is not PlacementStatus.PROPOSED:
        why = _CLOSED.get(CloseReason(placement.closed_reason)) if placement.closed_reason else None
        raise Conflict(
            f"proposal {placement_id} can no longer be answered: "
            + (why or f"it is {placement.status.value}")
        )
    if home.status is HomeStatus.WITHDRAWN:
        raise Conflict(
            f"proposal {placement_id} can no longer be answered: {_CLOSED[CloseReason.HOME_WITHDRAWN]}"
        )
    if household.status is HouseholdStatus.EXITED:
        raise Conflict(
            f"proposal {placement_id} can no longer be answered: {_CLOSED[CloseReason.HOUSEHOLD_EXITED]}"
        )
    return placement, household, home


def _go_live(
    db: Session, principal: Principal, placement: Placement, household: Household, home: Home
) -> None:
    """All three said yes. Checked again under the locks: the home and the household are not held
    by another placement, and the association has room."""
    taken = db.scalar(
        select(func.count())
        .select_from(Placement)
        .where(
            Placement.status.in_(LIVE_STATUSES),
            (Placement.home_id == home.id) | (Placement.household_id == household.id),
        )
    )
    if taken:
        raise Conflict("the home or the household is already held by another placement")
    association = db.scalar(
        select(Association).where(Association.id == placement.association_id).with_for_update()
    )
    assert association is not None  # a foreign key
    following = db.scalar(
        select(func.count())
        .select_from(Placement)
        .where(Placement.association_id == association.id, Placement.status.in_(LIVE_STATUSES))
    )
    if (following or 0) >= association.capacity:
        raise Conflict("the association already follows as many households as its capacity allows")
    move_in = max(placement.start_date, clock.today())  # an agreed date already past: today
    if move_in != placement.start_date:
        _check_move_in(move_in, household, home)
    try:
        lifecycle.make_live(db, principal, placement, move_in)
    except IntegrityError:  # the partial unique indexes: someone else won at the same moment
        raise Conflict("the home or the household was just taken by another placement") from None


def earliest_move_in(household: Household, home: Home) -> date:
    return max(clock.today(), household.earliest_start, home.available_from)


def latest_move_in(home: Home) -> date | None:
    """The last move-in date that leaves six months before the home stops being available."""
    if home.available_until is None:
        return None
    from dateutil.relativedelta import relativedelta

    return home.available_until - relativedelta(months=lifecycle.PLACEMENT_MONTHS)


def _check_move_in(move_in: date, household: Household, home: Home) -> None:
    first, last = earliest_move_in(household, home), latest_move_in(home)
    if move_in < first:
        raise InvalidInput.field("move_in_date", f"the first possible date is {first.isoformat()}")
    if last is not None and move_in > last:
        raise InvalidInput.field(
            "move_in_date",
            f"the home is available for six months only if the move-in is by {last.isoformat()}",
        )


def latest_answers(db: Session, placement_id: int) -> dict[Party, PlacementDecision]:
    """Each party's last answer."""
    rows = db.scalars(
        select(PlacementDecision)
        .where(PlacementDecision.placement_id == placement_id)
        .order_by(PlacementDecision.decided_at, PlacementDecision.id)
    )
    return {row.party: row for row in rows}
