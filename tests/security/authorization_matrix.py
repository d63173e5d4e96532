"""Who may call what: every route of the application, for every role, on objects of the caller's
own organisation and of another one. This table is the written authorization policy (ASVS 8.1.1);
``test_authorization_matrix.py`` calls every cell and fails on any disagreement, and on any route
the table does not name.

Each rule gives two strings of six letters, one per role in this order:
anonymous, landlord, social_worker, association_staff, coordinator, admin —
``own``: on the caller's own objects (its organisation's home, household, placement…; for users
and organisations, itself and its own organisation); ``other``: on another organisation's.

    O  allowed (2xx, or a redirect that is not to the login page)
    H  hidden: 404, the object is not even known to exist
    D  denied: 403, the caller sees it but may not do this
    L  sign in first: 401 on the API, a redirect to the login page (``/login?next=…``) on the site

Adding a route? Add its rule here, with a body that the allowed roles' requests pass validation
with (so that a refusal cannot hide behind a 422).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from stirrup import clock
from tests.factories import PASSWORD
from tests.security.world import PNG, World, unique

Body = Callable[[World, str], dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    own: str
    other: str
    json: Body | None = None
    form: Body | None = None
    photo: bool = False
    #: Path values of this route that differ from the world's defaults (e.g. a milestone's kind).
    values: dict[str, object] = field(default_factory=dict)
    #: Statuses that also count as allowed where a cell says O, with the reason (a state the world
    #: is in, not a refusal).
    also_allowed: frozenset[int] = field(default_factory=frozenset)


def same(cells: str, **kwargs: Any) -> Rule:
    """A route with no object of its own (lists, creations, one's account): one rule for both."""
    return Rule(cells, cells, **kwargs)


def today() -> str:
    return clock.today().isoformat()


def home_body(world: World, role: str) -> dict[str, Any]:
    body = {
        "street": "3 rue Pierre de Roubaix",
        "postal_code": "59100",
        "commune": "Roubaix",
        "surface_m2": 40,
        "rooms": 2,
        "bedrooms": 1,
        "max_occupants": 2,
        "available_from": today(),
    }
    if role in ("coordinator", "admin"):
        body["owner_user_id"] = world.own.parties.owner.id
    return body


def household_body(world: World, role: str) -> dict[str, Any]:
    return {
        "adults": 1,
        "children": 0,
        "anchor_kind": "work",
        "anchor_postal_code": "59100",
        "anchor_commune": "Roubaix",
        "max_distance_km": 10,
        "earliest_start": today(),
        "priority": 2,
        "priority_reason": "Matrix",
        "consent_given_on": today(),
        "consent_purpose": "Placement",
    }


def association_body(world: World, role: str) -> dict[str, Any]:
    organisation = world.own.parties.organisation if role == "association_staff" else world.own.spare_partner
    if role == "admin":
        organisation = world.other.spare_partner
    return {
        "organisation_id": organisation.id,
        "base_postal_code": "59100",
        "base_commune": "Roubaix",
        "radius_km": 10,
        "support_offered": ["budget"],
        "capacity": 5,
    }


def insurance(world: World, role: str) -> dict[str, Any]:
    start = world.own.parties.placement.start_date
    return {
        "holder": "association",
        "insurer": "MAIF",
        "policy_number": "P-1",
        "valid_from": start.isoformat(),
        "valid_until": (start + timedelta(days=200)).isoformat(),
    }


def rooms(world: World, role: str) -> dict[str, Any]:
    inspected = world.own.parties.placement.start_date.isoformat()
    return {"inspected_on": inspected, "rooms": [{"name": "Séjour", "condition": "good"}]}


def signature(world: World, role: str) -> dict[str, Any]:
    side = "borrower" if role == "association_staff" else "lender"
    return {"side": side, "name": "Signer", "signed_on": today()}


def report_form(world: World, role: str) -> dict[str, Any]:
    rows = {"room_name": ["Séjour"], "room_condition": ["good"], "room_remarks": [""]}
    return {"kind": "exit", "inspected_on": today(), **rows}


def estimate(world: World, role: str) -> dict[str, Any]:
    return {"commune": "59512", "surface_m2": 40, "vacant_since": "2023-01-01", "start": today()}


def estimate_form(world: World, role: str) -> dict[str, Any]:
    return {"commune": "59512", "surface_m2": "40", "vacant_since": "2023-01-01", "start": today()}


def resolve_form(world: World, role: str) -> dict[str, Any]:
    """For both sides' incidents: the fields are named after the incident they resolve."""
    return {
        f"resolve{side.incident.id}-{name}": value
        for side in (world.own, world.other)
        for name, value in (("resolution", "Talked"), ("resolved_on", today()))
    }


#: The page forms are sent empty here unless a rule gives one: a page that may be used answers 422
#: (the form again, with the fields to fill); one that may not answers 403 or 404 before reading the
#: form. Pages whose service decides only on a valid form get one, so that the decision is tested.
VALIDATION = frozenset({422})
#: Done once already (the world's placements have both reports): the caller passed access control.
ONE_SHOT = frozenset({409})

ROUTES: dict[tuple[str, str], Rule] = {
    # --- API: auth -------------------------------------------------------------------------------
    ("POST", "/api/v1/auth/token"): same(
        "OOOOOO", json=lambda w, r: {"email": w.own.parties.owner.email, "password": PASSWORD}
    ),
    ("POST", "/api/v1/auth/logout"): same("LOOOOO"),
    ("POST", "/api/v1/auth/password"): same(
        "LOOOOO", json=lambda w, r: {"current_password": PASSWORD, "new_password": PASSWORD}
    ),
    ("POST", "/api/v1/auth/two-factor"): same("LOOOOO"),
    ("POST", "/api/v1/auth/two-factor/confirm"): same(
        "LOOOOO",
        json=lambda w, r: {"code": "123456"},
        also_allowed=frozenset({409}),  # not started
    ),
    ("POST", "/api/v1/auth/two-factor/recovery-codes"): same(
        "LOOOOO",
        json=lambda w, r: {"password": PASSWORD},
        also_allowed=frozenset({409}),  # not on
    ),
    ("POST", "/api/v1/auth/two-factor/disable"): same("LODDDD", json=lambda w, r: {"password": PASSWORD}),
    # --- API: homes ------------------------------------------------------------------------------
    ("GET", "/api/v1/homes"): same("LOOOOO"),
    ("POST", "/api/v1/homes"): same("LODDOO", json=home_body),
    ("GET", "/api/v1/homes/{home_id}"): Rule("LOOOOO", "LHHHOO"),
    ("PATCH", "/api/v1/homes/{home_id}"): Rule("LODDOO", "LHHHOO", json=lambda w, r: {"notes": "x"}),
    ("GET", "/api/v1/homes/{home_id}/estimate"): Rule("LODDOO", "LHHHOO"),
    ("GET", "/api/v1/homes/{home_id}/occupancy"): Rule("LODDOO", "LHHHOO"),
    # --- API: households -------------------------------------------------------------------------
    ("GET", "/api/v1/households"): same("LOOOOO"),
    ("POST", "/api/v1/households"): same("LDODDD", json=household_body),
    ("GET", "/api/v1/households/{household_id}"): Rule("LHOOOO", "LHHHOO"),
    ("PATCH", "/api/v1/households/{household_id}"): Rule(
        "LHODDD", "LHHHDD", json=lambda w, r: {"notes": "x"}
    ),
    ("GET", "/api/v1/households/{household_id}/export"): Rule("LHODDD", "LHHHDD"),
    ("POST", "/api/v1/households/{household_id}/erasure"): Rule(
        "LHODDD",
        "LHHHDD",
        json=lambda w, r: {"confirm_reference": w.own.parties.household.reference},
        also_allowed=frozenset({409}),  # the placement is active: refused for a legal reason
    ),
    # --- API: associations, organisations, users ------------------------------------------------
    ("GET", "/api/v1/associations"): same("LOOOOO"),
    ("POST", "/api/v1/associations"): same("LDDOOO", json=association_body, also_allowed=ONE_SHOT),
    ("GET", "/api/v1/associations/{association_id}"): Rule("LOOOOO", "LOOOOO"),
    ("PATCH", "/api/v1/associations/{association_id}"): Rule(
        "LDDOOO", "LDDDOO", json=lambda w, r: {"capacity": 12}
    ),
    ("GET", "/api/v1/organisations"): same("LOOOOO"),
    ("POST", "/api/v1/organisations"): same(
        "LDDDDO", json=lambda w, r: {"kind": "social_service", "name": f"Service {unique()}"}
    ),
    ("GET", "/api/v1/organisations/{organisation_id}"): Rule("LOOOOO", "LHHHOO"),
    ("PATCH", "/api/v1/organisations/{organisation_id}"): Rule(
        "LDDDDO", "LHHHDO", json=lambda w, r: {"contact_phone": "03 20 00 00 01"}
    ),
    ("GET", "/api/v1/users"): same("LOOOOO"),
    ("GET", "/api/v1/users/me"): same("LOOOOO"),
    ("PATCH", "/api/v1/users/me"): same("LOOOOO", json=lambda w, r: {"locale": "en"}),
    ("POST", "/api/v1/users"): same(
        "LDDDDO",
        json=lambda w, r: {
            "email": f"new{unique()}@example.org",
            "display_name": "New",
            "role": "landlord",
            "password": "a-long-new-passphrase",
        },
    ),
    ("GET", "/api/v1/users/{user_id}"): Rule("LOOOOO", "LHHHHO"),
    ("PATCH", "/api/v1/users/{user_id}"): Rule("LOOOOO", "LHHHHO", json=lambda w, r: {"display_name": "N"}),
    ("POST", "/api/v1/users/{user_id}/password"): same(
        "LDDDDO", json=lambda w, r: {"new_password": "a-long-reset-passphrase"}
    ),
    ("DELETE", "/api/v1/users/{user_id}/two-factor"): same("LDDDDO"),
    # --- API: placements and their paperwork ----------------------------------------------------
    ("GET", "/api/v1/notifications"): same("LOOOOO"),
    ("GET", "/api/v1/notifications/preferences"): same("LOOOOO"),
    ("PATCH", "/api/v1/notifications/preferences"): same(
        "LOOOOO", json=lambda w, r: {"daily_digest": True, "kinds": {"proposal_answered": False}}
    ),
    ("GET", "/api/v1/placements"): same("LOOOOO"),
    ("GET", "/api/v1/placements/{placement_id}"): Rule("LOOOOO", "LHHHOO"),
    ("POST", "/api/v1/estimates"): same("OOOOOO", json=estimate),
    ("GET", "/api/v1/placements/{placement_id}/insurance"): Rule("LOOOOO", "LHHHOO"),
    ("POST", "/api/v1/placements/{placement_id}/insurance"): Rule("LDOOOO", "LHHHOO", json=insurance),
    ("GET", "/api/v1/insurance/alerts"): same("LOOOOO"),
    ("GET", "/api/v1/placements/{placement_id}/condition-reports"): Rule("LOHOOO", "LHHHOO"),
    ("POST", "/api/v1/placements/{placement_id}/condition-reports"): Rule(
        "LOHOOO",
        "LHHHOO",
        json=lambda w, r: {**rooms(w, r), "kind": "exit", "inspected_on": today()},
        also_allowed=ONE_SHOT,
    ),
    ("GET", "/api/v1/placements/{placement_id}/condition-reports/comparison"): Rule(
        "LOHOOO",
        "LHHHOO",
        also_allowed=frozenset({404}),  # no exit report yet
    ),
    ("GET", "/api/v1/condition-reports/{report_id}"): Rule("LOHOOO", "LHHHOO"),
    ("PUT", "/api/v1/condition-reports/{report_id}"): Rule("LOHOOO", "LHHHOO", json=rooms),
    ("POST", "/api/v1/condition-reports/{report_id}/signatures"): Rule(
        "LOHOOO", "LHHHOO", json=signature, also_allowed=ONE_SHOT
    ),
    ("POST", "/api/v1/condition-reports/{report_id}/rooms/{room_id}/photos"): Rule(
        "LOHOOO", "LHHHOO", photo=True, also_allowed=ONE_SHOT
    ),
    ("GET", "/api/v1/condition-report-photos/{photo_id}"): Rule("LOHOOO", "LHHHOO"),
    # --- API: the six-month follow-up (docs/followup.md) -------------------------------------------
    ("GET", "/api/v1/placements/{placement_id}/visits"): Rule("LHOOOO", "LHHHOO"),
    ("POST", "/api/v1/placements/{placement_id}/visits"): Rule(
        "LHOODD",
        "LHHHDD",
        json=lambda w, r: {
            "visited_on": today(),
            "kind": "home_visit",
            "wellbeing": 3,
            "housing_condition": 3,
        },
    ),
    ("GET", "/api/v1/placements/{placement_id}/milestones"): Rule("LHOOOO", "LHHHOO"),
    ("PUT", "/api/v1/placements/{placement_id}/milestones/{kind}"): Rule(
        "LHOODD", "LHHHDD", json=lambda w, r: {"reached_on": today()}, values={"kind": "health_cover"}
    ),
    ("GET", "/api/v1/placements/{placement_id}/incidents"): Rule("LHOOOO", "LHHHOO"),
    ("POST", "/api/v1/placements/{placement_id}/incidents"): Rule(
        "LHOODD",
        "LHHHDD",
        json=lambda w, r: {
            "occurred_on": today(),
            "severity": "minor",
            "category": "other",
            "description": "x",
        },
    ),
    ("PATCH", "/api/v1/placements/{placement_id}/incidents/{incident_id}"): Rule(
        "LHOODD",
        "LHHHDD",
        json=lambda w, r: {"status": "resolved", "resolution": "Talked", "resolved_on": today()},
    ),
    ("GET", "/api/v1/placements/{placement_id}/exit-plan"): Rule(
        "LHOOOO", "LHHHOO", also_allowed=frozenset({404})
    ),
    ("PUT", "/api/v1/placements/{placement_id}/exit-plan"): Rule(
        "LHOODD", "LHHHDD", json=lambda w, r: {"kind": "social_housing", "details": ""}
    ),
    ("GET", "/api/v1/placements/{placement_id}/extensions"): Rule("LOOOOO", "LHHHOO"),
    ("POST", "/api/v1/placements/{placement_id}/extensions"): Rule(
        "LDOOOO", "LHHHOO", json=lambda w, r: {"months": 1, "reason": "x"}, also_allowed=ONE_SHOT
    ),
    ("POST", "/api/v1/placements/{placement_id}/extensions/{extension_id}/consent"): Rule(
        "LODDDD",
        "LHHHDD",
        also_allowed=ONE_SHOT,  # the home's owner answers, nobody else
    ),
    ("POST", "/api/v1/placements/{placement_id}/extensions/{extension_id}/decline"): Rule(
        "LODDDD", "LHHHDD", json=lambda w, r: {"reason": "No"}, also_allowed=ONE_SHOT
    ),
    ("POST", "/api/v1/placements/{placement_id}/end"): Rule(
        "LHOOOO",  # the team or a coordinator ends it
        "LHHHOO",
        json=lambda w, r: {
            "ended_on": today(),
            "outcome": "social_housing",
            "early_end_reason": "housed_early",
            "details": "",
            "home_withdrawn": False,
        },
        also_allowed=ONE_SHOT,
    ),
    ("GET", "/api/v1/placements/{placement_id}/outcome"): Rule(
        "LHOOOO",  # owners read the placement itself, not its outcome
        "LHHHOO",
        also_allowed=frozenset({409}),  # not ended yet
    ),
    ("PUT", "/api/v1/placements/{placement_id}/outcome/months-later/{months}"): Rule(
        "LHOODD",
        "LHHHDD",
        json=lambda w, r: {"checked_on": today(), "situation": "social_housing"},
        also_allowed=frozenset({409, 422}),  # the placement has not ended
    ),
    ("GET", "/api/v1/alerts"): same("LOOOOO"),
    ("GET", "/api/v1/dashboards/association"): same(
        "LDDOOO",
        also_allowed=frozenset({422}),  # coordinators name the association (?association_id=)
    ),
    ("GET", "/api/v1/dashboards/coordinator"): same("LDDDOO"),
    ("GET", "/api/v1/exports/placements"): same("LDDOOO"),
    # --- API: matching rounds, proposals, imports, owner contacts (docs/workflow.md, docs/imports.md)
    ("GET", "/api/v1/proposals"): same("LOOOOO"),
    ("GET", "/api/v1/proposals/{proposal_id}"): Rule("LOOOOO", "LHHHOO"),
    ("POST", "/api/v1/proposals/{proposal_id}/accept"): Rule(
        "LOOODD",
        "LHHHDD",
        json=lambda w, r: {},
        also_allowed=frozenset({409}),  # active, not proposed
    ),
    ("POST", "/api/v1/proposals/{proposal_id}/decline"): Rule(
        "LOOODD",
        "LHHHDD",
        json=lambda w, r: {"reason_code": "other", "reason_text": "Matrix"},
        also_allowed=frozenset({409}),  # active, not proposed
    ),
    ("POST", "/api/v1/households/{household_id}/placement-request"): Rule(
        "LHODDD", "LHHHDD", json=lambda w, r: {"priority": 4, "reason": "x"}, also_allowed=frozenset({409})
    ),
    ("GET", "/api/v1/households/{household_id}/unmatched-reasons"): Rule("LHOOOO", "LHHHOO"),
    ("GET", "/api/v1/rounds"): same("LDDDOO"),
    ("POST", "/api/v1/rounds"): same(
        "LDDDOO",
        json=lambda w, r: {"territory": {"kind": "communes", "communes": ["59512"]}, "time_limit_s": 1},
        also_allowed=ONE_SHOT,  # one round at a time
    ),
    ("GET", "/api/v1/rounds/{round_id}"): same("LDDDHH"),
    ("GET", "/api/v1/rounds/{round_id}/proposals"): same("LDDDHH"),
    ("GET", "/api/v1/rounds/{round_id}/unmatched"): same("LDDDHH"),
    ("POST", "/api/v1/rounds/{round_id}/restart"): same("LDDDHH"),
    ("GET", "/api/v1/draft-homes"): same("LODDOD"),  # a landlord: the drafts linked to them (none here)
    # The world holds no draft home: hidden from those who may claim one (its owner, its team),
    # denied to the others; tests/api/test_draft_home_claims.py claims real ones.
    ("POST", "/api/v1/draft-homes/{draft_id}/claim"): same(
        "LHDDHD",
        values={"draft_id": 1},
        json=lambda w, r: {"bedrooms": 1, "max_occupants": 2, "available_from": today()},
    ),
    ("GET", "/api/v1/owner-contacts"): same("LDDDOD"),
    ("GET", "/api/v1/owner-contacts/{contact_id}"): same("LDDDHD"),
    ("PATCH", "/api/v1/owner-contacts/{contact_id}"): same(
        "LDDDHD", json=lambda w, r: {"invitation_status": "invited"}
    ),
    ("GET", "/api/v1/exports/homes"): same("LOOOOO"),
    ("GET", "/api/v1/exports/households"): same("LOOOOO"),
    ("GET", "/api/v1/imports"): same("LOOOOO"),
    ("GET", "/api/v1/imports/templates/{kind}"): same("LOOOOO", values={"kind": "homes"}),
    ("POST", "/api/v1/imports/{kind}"): same(
        "LOOOOO", values={"kind": "homes"}, photo=True, also_allowed=VALIDATION
    ),
    ("GET", "/api/v1/imports/{job_id}"): same("LHHHHH"),
    ("GET", "/api/v1/imports/{job_id}/annotated"): same("LHHHHH"),
    ("GET", "/api/v1/imports/{job_id}/problems"): same("LHHHHH"),
    # --- service ---------------------------------------------------------------------------------
    ("GET", "/health"): same("OOOOOO"),
    ("GET", "/docs"): same("OOOOOO"),
    ("GET", "/openapi.json"): same("OOOOOO"),
    # --- pages -----------------------------------------------------------------------------------
    ("GET", "/login"): same("OOOOOO"),
    ("POST", "/login"): same(
        "OOOOOO", form=lambda w, r: {"email": w.own.parties.owner.email, "password": PASSWORD}
    ),
    ("POST", "/login/code"): same("OOOOOO", form=lambda w, r: {"code": "123456"}),
    ("POST", "/logout"): same("OOOOOO"),
    ("GET", "/"): same("LOOOOO"),
    ("GET", "/account/password"): same("LOOOOO"),
    ("POST", "/account/password"): same(
        "LOOOOO", form=lambda w, r: {"current_password": PASSWORD, "new_password": PASSWORD}
    ),
    ("GET", "/account/two-factor"): same("LOOOOO"),
    ("POST", "/account/two-factor"): same("LOOOOO"),
    ("POST", "/account/two-factor/confirm"): same(
        "LOOOOO",
        form=lambda w, r: {"code": "000000"},
        also_allowed=frozenset({409}),  # no enrolment started
    ),
    ("GET", "/homes"): same("LOOOOO"),
    # Notifications: one's own preferences and e-mails; the outbox lists only one's own (admins: all).
    ("GET", "/account/notifications"): same("LOOOOO"),
    ("POST", "/account/notifications"): same(
        "LOOOOO", form=lambda w, r: {"kinds": ["proposal_to_answer"], "delivery": "digest"}
    ),
    ("GET", "/outbox"): same("LOOOOO"),
    ("GET", "/outbox/{email_id}"): Rule("LHOHHO", "LHHHHO"),
    ("GET", "/homes/new"): same("LODDDD"),
    ("POST", "/homes/new"): same("LODDDD", also_allowed=VALIDATION),
    ("GET", "/homes/{home_id}"): Rule("LOOOOO", "LHHHOO"),
    ("GET", "/homes/{home_id}/edit"): Rule("LODDOO", "LHHHOO"),
    ("POST", "/homes/{home_id}/edit"): Rule("LODDOO", "LHHHOO", also_allowed=VALIDATION),
    ("GET", "/households"): same("LOOOOO"),
    ("GET", "/households/new"): same("LDODDD"),
    ("POST", "/households/new"): same("LDODDD", also_allowed=VALIDATION),
    ("GET", "/households/{household_id}"): Rule("LHOOOO", "LHHHOO"),
    ("GET", "/households/{household_id}/edit"): Rule("LHODDD", "LHHHDD"),
    ("POST", "/households/{household_id}/edit"): Rule("LHODDD", "LHHHDD", also_allowed=VALIDATION),
    ("GET", "/association"): same("LDDODD"),
    ("GET", "/association/edit"): same("LDDODD"),
    ("POST", "/association/edit"): same("LDDODD", also_allowed=VALIDATION),
    ("GET", "/admin/organisations"): same("LDDDDO"),
    ("GET", "/admin/organisations/new"): same("LDDDDO"),
    ("POST", "/admin/organisations/new"): same("LDDDDO", also_allowed=VALIDATION),
    ("GET", "/admin/organisations/{organisation_id}"): same("LDDDDO"),
    ("POST", "/admin/organisations/{organisation_id}"): same("LDDDDO", also_allowed=VALIDATION),
    ("GET", "/admin/users"): same("LDDDDO"),
    ("GET", "/admin/users/new"): same("LDDDDO"),
    ("POST", "/admin/users/new"): same("LDDDDO", also_allowed=VALIDATION),
    ("GET", "/admin/users/{user_id}"): same("LDDDDO"),
    ("POST", "/admin/users/{user_id}"): same("LDDDDO", also_allowed=VALIDATION),
    ("GET", "/map"): same("LDDDOO"),
    ("GET", "/places/check"): same("OOOOOO"),  # commune look-up for address forms: public data
    ("GET", "/places/pick"): same("HHHHHH"),  # needs its query (?q=); without, not found for all
    ("GET", "/households/{household_id}/export"): Rule("LHODDD", "LHHHDD"),
    ("GET", "/households/{household_id}/erasure"): Rule("LHODDD", "LHHHDD"),
    ("POST", "/households/{household_id}/erasure"): Rule(
        "LHODDD",
        "LHHHDD",
        form=lambda w, r: {"confirm_reference": w.own.parties.household.reference},
        also_allowed=frozenset({409}),  # the placement is active
    ),
    ("GET", "/estimate"): same("OOOOOO"),
    ("POST", "/estimate"): same("OOOOOO", form=estimate_form),
    ("POST", "/estimate/print"): same("OOOOOO", form=estimate_form),
    ("GET", "/homes/{home_id}/estimate"): Rule("LODDOO", "LHHHOO"),
    ("GET", "/homes/{home_id}/estimate/print"): Rule("LODDOO", "LHHHOO"),
    ("POST", "/homes/{home_id}/estimate"): Rule("LODDOO", "LHHHOO", form=lambda w, r: {}),
    ("POST", "/homes/{home_id}/estimate/print"): Rule("LODDOO", "LHHHOO", form=lambda w, r: {}),
    ("GET", "/placements/{placement_id}/estimate"): Rule("LODDOO", "LHHHOO"),
    ("GET", "/placements/{placement_id}/paperwork"): Rule("LOOOOO", "LHHHOO"),
    ("GET", "/placements/{placement_id}/documents/{kind}"): Rule("LOOOOO", "LHHHOO"),
    ("POST", "/placements/{placement_id}/insurance"): Rule(
        "LDOOOO", "LHHHOO", form=lambda w, r: {k: str(v) for k, v in insurance(w, r).items()}
    ),
    ("POST", "/placements/{placement_id}/condition-reports"): Rule(
        "LOHOOO", "LHHHOO", form=report_form, also_allowed=ONE_SHOT
    ),
    ("GET", "/condition-reports/{report_id}"): Rule("LOHOOO", "LHHHOO"),
    ("POST", "/condition-reports/{report_id}/signatures"): Rule(
        "LOHOOO", "LHHHOO", form=signature, also_allowed=ONE_SHOT
    ),
    ("POST", "/condition-reports/{report_id}/rooms/{room_id}/photos"): Rule(
        "LOHOOO", "LHHHOO", photo=True, also_allowed=ONE_SHOT
    ),
    ("GET", "/placements/{placement_id}/condition-reports/comparison"): Rule(
        "LOHOOO",
        "LHHHOO",
        also_allowed=frozenset({404}),  # no exit report yet
    ),
    # Matching rounds, proposals, placement requests (docs/workflow.md): the pages keep the API's rules.
    ("GET", "/rounds"): same("LDDDOO"),
    ("GET", "/rounds/new"): same("LDDDOO"),
    ("POST", "/rounds/new"): same("LDDDOO", also_allowed=VALIDATION | ONE_SHOT),
    ("GET", "/rounds/{round_id}"): same("LDDDHH"),
    ("GET", "/rounds/{round_id}/unmatched"): same("LDDDHH"),
    ("POST", "/rounds/{round_id}/restart"): same("LDDDHH"),
    ("GET", "/proposals"): same("LOOOOO"),
    ("GET", "/proposals/{proposal_id}"): Rule("LOOOOO", "LHHHOO"),
    ("POST", "/proposals/{proposal_id}/accept"): Rule(
        "LOOODD",
        "LHHHDD",
        also_allowed=frozenset({409}),  # active, not proposed
    ),
    ("POST", "/proposals/{proposal_id}/decline"): Rule(
        "LOOODD",
        "LHHHDD",
        form=lambda w, r: {"reason_code": "other", "reason_text": "Matrix"},
        also_allowed=frozenset({409}),  # active, not proposed
    ),
    ("POST", "/households/{household_id}/placement-request"): Rule(
        "LHODDD", "LHHHDD", form=lambda w, r: {"priority": "4", "reason": "x"}, also_allowed=frozenset({409})
    ),
    # Imports and the owner contacts they bring (docs/imports.md).
    ("GET", "/imports"): same("LOOOOO"),
    ("GET", "/imports/{kind}"): same("LODDOO", values={"kind": "homes"}),  # homes: the owners' side
    ("POST", "/imports/{kind}"): same(
        "LODDOO", values={"kind": "homes"}, photo=True, also_allowed=VALIDATION
    ),
    ("GET", "/imports/{kind}/template"): same("LOOOOO", values={"kind": "homes"}),
    ("GET", "/imports/jobs/{job_id}"): same("LHHHHH"),
    ("GET", "/imports/jobs/{job_id}/annotated"): same("LHHHHH"),
    ("GET", "/owner-contacts"): same("LDDDOD"),
    ("POST", "/owner-contacts/{contact_id}"): same(
        "LDDDHD", form=lambda w, r: {"invitation_status": "invited"}
    ),
    # Vacant homes to claim, as in the API (the world holds no draft home: see above).
    ("GET", "/draft-homes"): same("LODDOD"),
    ("GET", "/draft-homes/{draft_id}/claim"): same("LHDDHD", values={"draft_id": 1}),
    ("POST", "/draft-homes/{draft_id}/claim"): same(
        "LHDDHD", values={"draft_id": 1}, form=lambda w, r: {"step": "address", "go": "next"}
    ),
    # The six-month follow-up (docs/followup.md): the association's team records, coordinators read.
    ("GET", "/follow-up"): same("LDDOOO", also_allowed=VALIDATION),
    ("GET", "/statistics"): same("LDDDOO"),
    ("GET", "/placements/{placement_id}/follow-up"): Rule("LHOOOO", "LHHHOO"),
    ("GET", "/placements/{placement_id}/check-in"): Rule("LHOODD", "LHHHDD"),
    ("POST", "/placements/{placement_id}/check-in"): Rule("LHOODD", "LHHHDD", also_allowed=VALIDATION),
    ("POST", "/placements/{placement_id}/milestones/{kind}"): Rule(
        "LHOODD",
        "LHHHDD",
        values={"kind": "health_cover"},
        form=lambda w, r: {"health_cover-reached_on": today()},
    ),
    ("POST", "/placements/{placement_id}/incidents"): Rule(
        "LHOODD",
        "LHHHDD",
        form=lambda w, r: {
            "incident-occurred_on": today(),
            "incident-severity": "minor",
            "incident-category": "other",
            "incident-description": "x",
        },
    ),
    ("POST", "/placements/{placement_id}/incidents/{incident_id}/resolve"): Rule(
        "LHOODD", "LHHHDD", form=resolve_form
    ),
    ("POST", "/placements/{placement_id}/incidents/{incident_id}/reopen"): Rule("LHOODD", "LHHHDD"),
    ("POST", "/placements/{placement_id}/exit-plan"): Rule(
        "LHOODD", "LHHHDD", form=lambda w, r: {"plan-kind": "social_housing", "plan-details": ""}
    ),
    ("POST", "/placements/{placement_id}/extensions"): Rule(
        "LHOOOO",  # a form of the follow-up page, which owners do not see
        "LHHHOO",
        also_allowed=VALIDATION | ONE_SHOT,
    ),
    ("POST", "/placements/{placement_id}/extensions/{extension_id}/consent"): Rule(
        "LODDDD",
        "LHHHDD",
        also_allowed=ONE_SHOT,  # the home's owner answers, nobody else
    ),
    ("POST", "/placements/{placement_id}/extensions/{extension_id}/decline"): Rule(
        "LODDDD", "LHHHDD", also_allowed=ONE_SHOT
    ),
    ("POST", "/placements/{placement_id}/end"): Rule("LHOOOO", "LHHHOO", also_allowed=VALIDATION | ONE_SHOT),
    ("POST", "/placements/{placement_id}/after-end/{months}"): Rule(
        "LHOODD",
        "LHHHDD",
        values={"months": 6},
        form=lambda w, r: {"after6-situation": "social_housing", "after6-checked_on": today()},
        also_allowed=frozenset({409}),  # the placement has not ended
    ),
}

#: Routes served but not application endpoints: static files.
NOT_ROUTES = ("/static", "/static/docs")
PHOTO = ("room.png", PNG, "image/png")
