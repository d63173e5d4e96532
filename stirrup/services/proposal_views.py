"""A proposal as each party may see it: the landlord the home, the dates and the size of the
household, never who it is nor why it was chosen; the others the household's pseudonymous
reference and the explanation; each side the free text of its own declines only."""

from __future__ import annotations

from typing import Any

from stirrup.models import Party, Placement, PlacementDecision, PlacementStatus, Role
from stirrup.services import reasons
from stirrup.services.access import Principal
from stirrup.services.proposals import PARTY_OF_ROLE, earliest_move_in, latest_move_in

_HOME_FIELDS = (
    "id",
    "street",
    "postal_code",
    "commune",
    "surface_m2",
    "rooms",
    "bedrooms",
    "max_occupants",
    "floor",
    "has_lift",
    "step_free",
    "wheelchair_accessible",
    "furnished",
    "pets_allowed",
    "available_from",
    "available_until",
)


def view(principal: Principal, placement: Placement) -> dict[str, Any]:
    owner = principal.role is Role.LANDLORD
    mine = PARTY_OF_ROLE.get(principal.role)
    latest: dict[Party, PlacementDecision] = {d.party: d for d in placement.decisions}
    household, home = placement.household, placement.home
    return {
        "id": placement.id,
        "status": placement.status,
        "matching_run_id": placement.matching_run_id,
        "proposed_at": placement.created_at,
        "expires_at": placement.expires_at if placement.status is PlacementStatus.PROPOSED else None,
        "move_in_date": placement.start_date,
        "planned_end": placement.planned_end,
        "earliest_move_in": earliest_move_in(household, home),
        "latest_move_in": latest_move_in(home),
        "closed_at": placement.closed_at,
        "closed_reason": placement.closed_reason,
        "my_party": mine,
        "answers": [
            _answer(party, latest.get(party), principal.oversees_all or party is mine) for party in Party
        ],
        "home": {name: getattr(home, name) for name in _HOME_FIELDS},
        "household": {
            "id": None if owner else household.id,
            "reference": None if owner else household.reference,
            "persons": household.persons,
            "bedrooms_needed": None if owner else household.bedrooms_needed,
        },
        "association_id": placement.association_id,
        "association_name": placement.association.organisation.name,
        "explanation": None if owner else explanation(placement.explanation, principal.oversees_all),
    }


def _answer(party: Party, decision: PlacementDecision | None, own_words: bool) -> dict[str, Any]:
    if decision is None:
        return {
            "party": party,
            "decision": None,
            "decided_at": None,
            "move_in_date": None,
            "reason_code": None,
            "reason_text": None,
        }
    return {
        "party": party,
        "decision": decision.decision,
        "decided_at": decision.decided_at,
        "move_in_date": decision.move_in_date,
        "reason_code": decision.reason_code,
        "reason_text": decision.reason_text if own_words else None,
    }


def explanation(stored: dict[str, Any], with_ids: bool) -> dict[str, Any]:
    """Why this home, in the reader's language; other homes' ids for coordinators only."""
    return {
        "distance_km": stored.get("distance_km"),
        "score": stored.get("score"),
        "why": reasons.rendered(stored.get("why", [])),
        "held_back": reasons.rendered(stored.get("held_back", [])),
        "alternatives": [
            {**alternative, "home_id": alternative["home_id"] if with_ids else None}
            for alternative in stored.get("alternatives", [])
        ],
    }
