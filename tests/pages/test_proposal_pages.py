"""Proposals on the site: each side lists what waits for its answer, reads the proposal as it may
see it (the owner never learns who the household is, and sees what lending is worth), accepts or
declines with a reason; a refused answer shows its error beside the field and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.models import Decision, Party, Placement, PlacementDecision, PlacementStatus, Role, User
from tests.factories import Factory, Parties
from tests.pages.html import csrf, error_of, links, soup, squash, text

SignIn = Callable[..., TestClient]


def answers(db: Session, placement: Placement) -> int:
    db.rollback()
    return (
        db.scalar(
            select(func.count())
            .select_from(PlacementDecision)
            .where(PlacementDecision.placement_id == placement.id)
        )
        or 0
    )


def status_of(db: Session, placement: Placement) -> PlacementStatus:
    db.rollback()
    found = db.get(Placement, placement.id, populate_existing=True)
    assert found is not None
    return found.status


def explained(make: Factory, s: Parties) -> None:
    s.placement.explanation = {
        "distance_km": 2.4,
        "score": 88,
        "why": [
            {
                "code": "placement_fit",
                "params": {
                    "distance_km": 2.4,
                    "score": 88,
                    "distance": 38,
                    "preferred_points": 30,
                    "size": 20,
                },
                "text": "",
            }
        ],
        "alternatives": [{"home_id": s.home.id + 100, "distance_km": 6.0, "score": 51, "taken": True}],
    }
    make.db.commit()


def test_the_owner_answers_for_the_home_without_learning_who_the_household_is(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    s = make.proposal()
    client = sign_in(s.owner)
    listed = client.get("/proposals")
    assert f"/proposals/{s.placement.id}" in links(listed)
    assert "Waiting for your answer" in text(listed) and "12 rue de l'Épeule" in text(listed)
    page = client.get(f"/proposals/{s.placement.id}")
    shown = squash(text(page))
    assert "2 persons" in shown and s.organisation.name in shown
    assert s.household.reference not in shown and "Camille Martin" not in shown
    assert "What lending this home is worth" in shown  # the estimate, with the proposal's dates
    assert f"/placements/{s.placement.id}/estimate" in links(page)
    accepted = client.post(
        f"/proposals/{s.placement.id}/accept",
        data={"csrf_token": csrf(page), "move_in_date": s.placement.start_date.isoformat()},
    )
    assert "Your acceptance is recorded" in text(accepted)
    assert "You have accepted a move-in on" in text(accepted)
    assert answers(db, s.placement) == 1 and status_of(db, s.placement) is PlacementStatus.PROPOSED
    assert f"/proposals/{s.placement.id}" not in links(client.get("/proposals"))  # answered


def test_the_third_acceptance_agrees_the_placement(sign_in: SignIn, make: Factory, db: Session) -> None:
    s = make.proposal()
    make.decision(s.placement, Party.LANDLORD, user=s.owner)
    make.decision(s.placement, Party.ASSOCIATION, user=s.staff)
    client = sign_in(s.worker)
    page = client.get(f"/proposals/{s.placement.id}")
    done = client.post(
        f"/proposals/{s.placement.id}/accept",
        data={"csrf_token": csrf(page), "move_in_date": s.placement.start_date.isoformat()},
    )
    assert "All three sides have accepted: the placement is agreed." in text(done)
    assert status_of(db, s.placement) in (PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE)


def test_a_date_outside_the_home_s_availability_is_refused_beside_the_field(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    s = make.proposal()
    client = sign_in(s.owner)
    page = client.get(f"/proposals/{s.placement.id}")
    too_early = (clock.today() - timedelta(days=3)).isoformat()
    refused = client.post(
        f"/proposals/{s.placement.id}/accept", data={"csrf_token": csrf(page), "move_in_date": too_early}
    )
    assert refused.status_code == 422
    assert (error_of(refused, "move_in_date") or "").startswith("Error: From ")
    assert soup(refused).find(id="f-move_in_date")["value"] == too_early  # type: ignore[index]
    unreadable = client.post(
        f"/proposals/{s.placement.id}/accept", data={"csrf_token": csrf(page), "move_in_date": "31/02"}
    )
    assert unreadable.status_code == 422 and error_of(unreadable, "move_in_date")
    assert answers(db, s.placement) == 0


def test_a_decline_needs_a_reason_and_then_ends_the_proposal(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    s = make.proposal()
    client = sign_in(s.worker)
    page = client.get(f"/proposals/{s.placement.id}")
    reasons = [r["value"] for r in soup(page).find_all("input", attrs={"name": "reason_code"})]
    assert reasons == ["too_far_from_school_or_work", "accessibility", "safety", "other"]
    missing = client.post(f"/proposals/{s.placement.id}/decline", data={"csrf_token": csrf(page)})
    assert missing.status_code == 422 and error_of(missing, "reason_code") == "Error: This field is required."
    unexplained = client.post(
        f"/proposals/{s.placement.id}/decline", data={"csrf_token": csrf(page), "reason_code": "other"}
    )
    assert unexplained.status_code == 422 and error_of(unexplained, "reason_text")
    assert answers(db, s.placement) == 0 and status_of(db, s.placement) is PlacementStatus.PROPOSED
    declined = client.post(
        f"/proposals/{s.placement.id}/decline",
        data={"csrf_token": csrf(page), "reason_code": "accessibility", "reason_text": "Third floor."},
    )
    assert "Your decline is recorded" in text(declined)
    assert status_of(db, s.placement) is PlacementStatus.DECLINED
    closed = text(client.get(f"/proposals/{s.placement.id}"))
    assert "The home is not accessible enough" in closed and "Third floor." in closed


def test_a_proposal_closed_meanwhile_says_why_instead_of_recording_the_answer(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    s = make.proposal()
    client = sign_in(s.owner, lang="fr")
    page = client.get(f"/proposals/{s.placement.id}")
    s.placement.status, s.placement.closed_reason = PlacementStatus.CANCELLED, "expired"
    make.db.commit()
    late = client.post(
        f"/proposals/{s.placement.id}/accept",
        data={"csrf_token": csrf(page), "move_in_date": s.placement.start_date.isoformat()},
    )
    assert late.status_code == 409
    assert "Cette proposition ne peut plus recevoir de réponse" in text(late)
    assert answers(db, s.placement) == 0


def test_the_social_worker_reads_the_distance_and_why_this_home(sign_in: SignIn, make: Factory) -> None:
    s = make.proposal()
    explained(make, s)
    page = sign_in(s.worker).get(f"/proposals/{s.placement.id}")
    shown = squash(text(page))
    assert s.household.reference in shown and "2.4 km" in shown
    assert "This home is 2.4 km from where the household must stay" in shown
    assert "A home — 6 km, fit 51 points — proposed to another household" in shown  # no id: not a coordinator
    french = squash(text(sign_in(s.worker, lang="fr").get(f"/proposals/{s.placement.id}")))
    assert "Ce logement est à 2,4 km du lieu où le ménage doit rester" in french


def test_the_association_confirms_it_will_follow_the_household(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    s = make.proposal()
    client = sign_in(s.staff)
    assert f"/proposals/{s.placement.id}" in links(client.get("/"))  # the overview puts it first
    page = client.get(f"/proposals/{s.placement.id}")
    reasons = [r["value"] for r in soup(page).find_all("input", attrs={"name": "reason_code"})]
    assert reasons == ["no_capacity", "outside_area", "support_not_offered", "other"]
    client.post(
        f"/proposals/{s.placement.id}/accept",
        data={"csrf_token": csrf(page), "move_in_date": s.placement.start_date.isoformat()},
    )
    db.rollback()
    decision = db.scalar(select(PlacementDecision).where(PlacementDecision.placement_id == s.placement.id))
    assert decision is not None and (decision.party, decision.decision) == (
        Party.ASSOCIATION,
        Decision.ACCEPTED,
    )


def test_another_landlord_s_proposal_is_not_found(sign_in: SignIn, make: Factory, db: Session) -> None:
    s = make.proposal()
    stranger: User = make.user(Role.LANDLORD)
    client = sign_in(stranger)
    assert client.get(f"/proposals/{s.placement.id}").status_code == 404
    own_page = client.get("/proposals")
    refused = client.post(
        f"/proposals/{s.placement.id}/accept",
        data={"csrf_token": csrf(own_page), "move_in_date": s.placement.start_date.isoformat()},
    )
    assert refused.status_code == 404 and answers(db, s.placement) == 0
    assert f"/proposals/{s.placement.id}" not in links(own_page)


def test_coordinators_see_every_proposal_but_answer_for_nobody(sign_in: SignIn, make: Factory) -> None:
    s = make.proposal()
    explained(make, s)
    client = sign_in(make.user(Role.COORDINATOR))
    assert f"/proposals/{s.placement.id}" in links(client.get("/proposals"))
    page = client.get(f"/proposals/{s.placement.id}")
    assert f"/homes/{s.home.id + 100}" in links(page)  # the alternatives' homes, for coordinators
    assert soup(page).find("form", action=f"/proposals/{s.placement.id}/accept") is None
