"""Mass assignment is impossible: for each writable resource, fields that say who owns a record,
which organisation it belongs to, its status, a role or an account's rights cannot be set by a
body whose sender may not set them — the request is refused and the row is unchanged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.api.test_homes import VALID as HOME
from tests.api.test_households import VALID as HOUSEHOLD
from tests.factories import Factory
from tests.security import world as worlds
from tests.security.test_hostile_inputs import snapshot


@dataclass(frozen=True)
class Attempt:
    resource: str
    method: str
    path: str
    role: str
    body: Callable[[worlds.World], dict[str, Any]]
    status: int
    field: str | None = None


def other_org(w: worlds.World) -> int:
    return w.other.parties.organisation.id


ATTEMPTS = [
    # homes: the owner is whoever lists it; status moves only along the owner's transitions
    Attempt(
        "home",
        "POST",
        "/api/v1/homes",
        "landlord",
        lambda w: {**HOME, "owner_user_id": w.other.parties.owner.id},
        422,
        "owner_user_id",
    ),
    Attempt(
        "home",
        "POST",
        "/api/v1/homes",
        "landlord",
        lambda w: {**HOME, "owner_organisation_id": w.other.landlord_company.id},
        422,
        "owner_organisation_id",
    ),
    Attempt(
        "home", "POST", "/api/v1/homes", "landlord", lambda w: {**HOME, "status": "occupied"}, 422, "status"
    ),
    Attempt(
        "home",
        "PATCH",
        "/api/v1/homes/{home_id}",
        "landlord",
        lambda w: {"owner_user_id": w.other.parties.owner.id},
        422,
        "owner_user_id",
    ),
    Attempt(
        "home",
        "PATCH",
        "/api/v1/homes/{home_id}",
        "landlord",
        lambda w: {"status": "occupied"},
        422,
        "status",
    ),
    Attempt(
        "home",
        "PATCH",
        "/api/v1/homes/{home_id}",
        "landlord",
        lambda w: {"id": 999, "created_at": "2020-01-01T00:00:00Z"},
        422,
        "id",
    ),
    # households: organisation, reference, status and consent's recorder follow from who registers
    Attempt(
        "household",
        "POST",
        "/api/v1/households",
        "social_worker",
        lambda w: {**HOUSEHOLD, "organisation_id": other_org(w)},
        422,
        "organisation_id",
    ),
    Attempt(
        "household",
        "POST",
        "/api/v1/households",
        "social_worker",
        lambda w: {**HOUSEHOLD, "reference": "B-AAAAAA"},
        422,
        "reference",
    ),
    Attempt(
        "household",
        "POST",
        "/api/v1/households",
        "social_worker",
        lambda w: {**HOUSEHOLD, "status": "placed"},
        422,
        "status",
    ),
    Attempt(
        "household",
        "POST",
        "/api/v1/households",
        "social_worker",
        lambda w: {**HOUSEHOLD, "consent_recorded_by_id": 1},
        422,
        "consent_recorded_by_id",
    ),
    Attempt(
        "household",
        "PATCH",
        "/api/v1/households/{household_id}",
        "social_worker",
        lambda w: {"organisation_id": other_org(w)},
        422,
        "organisation_id",
    ),
    Attempt(
        "household",
        "PATCH",
        "/api/v1/households/{household_id}",
        "social_worker",
        lambda w: {"status": "placed"},
        422,
        "status",
    ),
    Attempt(
        "household",
        "PATCH",
        "/api/v1/households/{household_id}",
        "social_worker",
        lambda w: {"anonymised_at": None},
        422,
        "anonymised_at",
    ),
    # associations and organisations
    Attempt(
        "association",
        "PATCH",
        "/api/v1/associations/{association_id}",
        "association_staff",
        lambda w: {"organisation_id": other_org(w)},
        422,
        "organisation_id",
    ),
    Attempt(
        "organisation",
        "PATCH",
        "/api/v1/organisations/{organisation_id}",
        "admin",
        lambda w: {"kind": "coordination_body"},
        422,
        "kind",
    ),
    # users: only admins change roles, organisations and the active flag; nobody sets 2FA fields
    Attempt(
        "user", "PATCH", "/api/v1/users/{user_id}", "social_worker", lambda w: {"role": "coordinator"}, 403
    ),
    Attempt(
        "user",
        "PATCH",
        "/api/v1/users/{user_id}",
        "social_worker",
        lambda w: {"organisation_id": other_org(w)},
        403,
    ),
    Attempt(
        "user",
        "PATCH",
        "/api/v1/users/{user_id}",
        "landlord",
        lambda w: {"is_active": True, "display_name": "x"},
        403,
    ),
    Attempt(
        "user",
        "PATCH",
        "/api/v1/users/{user_id}",
        "admin",
        lambda w: {"totp_secret": "JBSWY3DPEHPK3PXP"},
        422,
        "totp_secret",
    ),
    Attempt(
        "user",
        "PATCH",
        "/api/v1/users/{user_id}",
        "admin",
        lambda w: {"password_hash": "$argon2id$..."},
        422,
        "password_hash",
    ),
    Attempt(
        "user",
        "POST",
        "/api/v1/users",
        "admin",
        lambda w: {
            "email": "m@example.org",
            "display_name": "M",
            "role": "landlord",
            "password": "a-long-new-passphrase",
            "is_active": False,
            "has_two_factor": True,
        },
        422,
        "is_active",
    ),
    # paperwork: the placement and the recorder come from the URL and the session
    Attempt(
        "insurance",
        "POST",
        "/api/v1/placements/{placement_id}/insurance",
        "association_staff",
        lambda w: {
            "holder": "association",
            "insurer": "MAIF",
            "policy_number": "1",
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
            "placement_id": w.other.parties.placement.id,
        },
        422,
        "placement_id",
    ),
    Attempt(
        "condition report",
        "PUT",
        "/api/v1/condition-reports/{report_id}",
        "landlord",
        lambda w: {
            "inspected_on": "2026-01-01",
            "rooms": [{"name": "A", "condition": "good"}],
            "lender_signed_name": "Forged",
        },
        422,
        "lender_signed_name",
    ),
    # signing in cannot choose a role
    Attempt(
        "session",
        "POST",
        "/api/v1/auth/token",
        "anonymous",
        lambda w: {"email": "x@example.org", "password": "y", "role": "admin"},
        422,
        "role",
    ),
]


@pytest.mark.parametrize(
    "attempt", ATTEMPTS, ids=lambda a: f"{a.resource} {a.method} {a.role} {a.field or a.status}"
)
def test_protected_fields_cannot_be_set_by_a_body(
    client: TestClient, make: Factory, engine: Engine, attempt: Attempt
) -> None:
    world = worlds.build(make)
    user = world.user(attempt.role)
    headers = {"Authorization": f"Bearer {make.token(user)}"} if user else {}
    url = attempt.path.format(**world.path_values("own", attempt.role))
    before = snapshot(engine)
    answer = client.request(attempt.method, url, json=attempt.body(world), headers=headers)
    assert answer.status_code == attempt.status, answer.text
    if attempt.field:
        assert attempt.field in [p["field"] for p in answer.json()["error"]["fields"]]
    assert snapshot(engine) == before
