"""The alert of a proposal about to expire: on the dashboards of the sides that have not accepted
it yet, and of coordinators; the owner's says nothing about the household."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from stirrup import clock
from stirrup.models import Party, Role, User
from tests.factories import Factory


def expiring(client: TestClient, make: Factory, user: User) -> list[dict[str, object]]:
    answer = client.get("/api/v1/alerts", headers=make.headers(user))
    assert answer.status_code == 200, answer.text
    return [a for a in answer.json() if a["kind"] == "proposal_about_to_expire"]


def test_a_proposal_two_days_from_expiry_alerts_the_sides_still_to_answer(
    client: TestClient, make: Factory
) -> None:
    parties = make.proposal()
    make.decision(parties.placement, Party.ASSOCIATION)
    coordinator = make.user(Role.COORDINATOR)
    assert expiring(client, make, parties.owner) == []  # seven days left
    with clock.travel(timedelta(days=5, hours=1)):
        [owner] = expiring(client, make, parties.owner)
        assert owner["placement_id"] == parties.placement.id
        assert owner["due_on"] == parties.placement.expires_at.astimezone(clock.PARIS).date().isoformat()
        assert "your home in Roubaix" in owner["message"]
        assert parties.household.reference not in owner["message"]
        [worker] = expiring(client, make, parties.worker)
        assert parties.household.reference in worker["message"]
        assert expiring(client, make, parties.staff) == []  # the association has accepted
        assert len(expiring(client, make, coordinator)) == 1
        assert expiring(client, make, make.user(Role.LANDLORD)) == []
