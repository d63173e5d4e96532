"""Storing a round's proposals takes as many SQL statements for many proposals as for few: the
checks, the proposals, their audit events and their notifications are each written for all pairs
at once (a national round stores thousands per département)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

import matching
from stirrup import clock
from stirrup.config import Settings
from stirrup.db import transaction
from stirrup.models import (
    AuditEvent,
    MatchingRun,
    MatchingRunKind,
    MatchingRunStatus,
    Notification,
    NotificationKind,
    Organisation,
    Placement,
    PlacementStatus,
    Role,
    RoundStage,
)
from stirrup.services import pools, rounds
from stirrup.services.rounds import Parameters
from stirrup.services.territory import Territory
from tests.factories import Factory
from tests.test_query_counts import counting

#: The most statements storing a partition's proposals may take (locks, checks, one INSERT a table…).
MOST = 30


def store_round(db: Session, engine: Engine, make: Factory, n: int) -> tuple[dict[str, int], int]:
    """``n`` new households and homes that fit each other, solved and stored as one round's
    proposals in a session of their own (as a round's worker does); the counts it returns and
    how many statements storing took."""
    for _ in range(n):
        make.household()
        make.home(bedrooms=2, rooms=3, max_occupants=4)
    run = MatchingRun(
        kind=MatchingRunKind.ROUND,
        status=MatchingRunStatus.DONE,
        stage=RoundStage.DONE,
        territory={"kind": "all"},
        territory_key="all",
        parameters={},
    )
    db.add(run)
    db.commit()
    pool = pools.for_round(db, Territory(), replace_unanswered=False)
    problem = rounds.to_problem(pool, clock.today())
    solution = matching.solve(problem, Parameters(time_limit_s=5).options())
    explained = rounds.explain_outcomes(problem, solution, pool)
    run_id = run.id
    db.rollback()  # the session's snapshot ends: storing writes in a transaction of its own
    with transaction(engine) as session, counting(engine) as statements:
        stored = session.get(MatchingRun, run_id)
        assert stored is not None
        counts = rounds.propose(session, None, stored, pool, solution, explained, Settings())
    return counts, len(statements)


def test_storing_many_proposals_takes_as_many_statements_as_storing_few(
    db: Session, engine: Engine, make: Factory
) -> None:
    association = make.association(capacity=50)
    staff = db.get(Organisation, association.organisation_id)
    make.user(Role.ASSOCIATION_STAFF, organisation=staff)

    few, few_statements = store_round(db, engine, make, 2)
    many, many_statements = store_round(db, engine, make, 12)

    assert (few["proposals"], many["proposals"]) == (2, 12)
    assert many_statements == few_statements, (few_statements, many_statements)
    assert many_statements <= MOST, many_statements
    db.rollback()
    assert db.scalar(select(func.count()).where(Placement.status == PlacementStatus.PROPOSED)) == 14
    proposed = db.scalar(select(func.count()).where(AuditEvent.action == "propose"))
    assert proposed == 14
    # each proposal's landlord, social worker and association staff member, once each
    told = db.execute(
        select(Notification.user_id, Notification.params["placement_id"].as_integer()).where(
            Notification.kind == NotificationKind.PROPOSAL_TO_ANSWER
        )
    ).all()
    assert len(told) == len(set(told)) == 14 * 3
