"""The follow-up on the site: the association's dashboard with alerts first, the check-in made for
a phone, milestones, incidents, the exit plan, an extension the owner answers, the end with its
outcome and the checks after it; errors beside the fields with nothing written; who sees what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup import clock, i18n
from stirrup.models import (
    Extension,
    ExtensionStatus,
    Incident,
    IncidentSeverity,
    IncidentStatus,
    Milestone,
    MilestoneKind,
    OrganisationKind,
    Placement,
    PlacementStatus,
    Role,
    Visit,
)
from tests.factories import Factory, Parties
from tests.pages.html import csrf, error_of, soup, squash, text

SignIn = Callable[..., TestClient]


def in_french(format_value: Callable[..., str], *values: object) -> str:
    token = i18n.current_locale.set("fr")
    try:
        return format_value(*values)
    finally:
        i18n.current_locale.reset(token)


def _count(db: Session, model: type) -> int:
    return int(_read(db, lambda: db.scalar(select(func.count()).select_from(model))) or 0)


def _read(db: Session, query: Callable[[], object]) -> object:
    """Read the database as it is now, leaving no transaction open (SQLite would lock the app out)."""
    db.rollback()
    try:
        return query()
    finally:
        db.rollback()


def test_the_staff_see_alerts_first_then_the_placements_they_follow(sign_in: SignIn, make: Factory) -> None:
    s = make.parties(start=clock.today() - timedelta(days=160))  # ends in about three weeks
    make.visit(s.placement, clock.today() - timedelta(days=30))
    make.milestone(s.placement, MilestoneKind.HEALTH_COVER)
    client = sign_in(s.staff)
    for url in ("/", "/follow-up"):
        page = client.get(url)
        assert page.status_code == 200, url
        alerts = soup(page).select(".alert-list li")
        assert [a.strong.get_text() for a in alerts][:2] == [
            "No home insurance",
            "No check-in for three weeks",
        ]
        assert page.text.index('id="alerts-title"') < page.text.index('class="stack followed"')
        row = soup(page).select_one("table.followed tbody tr")
        assert row is not None and s.household.reference in row.get_text()
        assert f"/placements/{s.placement.id}/check-in" in str(row)
    french = sign_in(s.staff, lang="fr").get("/follow-up")
    assert "Pas de point d'étape depuis trois semaines" in text(french)
    assert "n'a eu ni visite ni point d'étape depuis le" in text(french)


def _page(client: TestClient, s: Parties) -> str:
    return f"/placements/{s.placement.id}/follow-up"


def test_a_check_in_is_recorded_from_its_own_page(sign_in: SignIn, make: Factory) -> None:
    s = make.parties(start=clock.today() - timedelta(days=40))
    client = sign_in(s.staff)
    form = client.get(f"/placements/{s.placement.id}/check-in")
    assert form.status_code == 200
    assert soup(form).select_one("#f-visited_on")["value"] == clock.today().isoformat()  # type: ignore[index]
    assert [i["value"] for i in soup(form).select("#f-wellbeing input")] == ["1", "2", "3", "4", "5"]
    sent = client.post(
        f"/placements/{s.placement.id}/check-in",
        data={
            "csrf_token": csrf(form),
            "visited_on": clock.today().isoformat(),
            "kind": "home_visit",
            "wellbeing": "4",
            "housing_condition": "5",
            "notes": "Appointment at the CAF next week.",
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["location"] == _page(client, s)
    page = client.get(_page(client, s))
    shown = squash(text(page))
    assert "The check-in has been recorded." in shown
    assert (
        "Home visit · wellbeing 4/5 · home kept 5/5" in shown and "Appointment at the CAF next week." in shown
    )


def test_a_wrong_check_in_says_why_beside_each_field_and_writes_nothing(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    s = make.parties(start=clock.today() - timedelta(days=40))
    client = sign_in(s.staff)
    form = client.get(f"/placements/{s.placement.id}/check-in")
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    answer = client.post(
        f"/placements/{s.placement.id}/check-in",
        data={"csrf_token": csrf(form), "visited_on": tomorrow, "kind": "phone", "housing_condition": "3"},
    )
    assert answer.status_code == 422
    assert error_of(answer, "wellbeing") == "Error: This field is required."
    assert soup(answer).select_one("#f-kind-2").has_attr("checked")  # type: ignore[union-attr]  # kept
    second = client.post(
        f"/placements/{s.placement.id}/check-in",
        data={"csrf_token": csrf(form), "visited_on": tomorrow, "kind": "phone", "wellbeing": "3"},
    )
    assert error_of(second, "visited_on") == "Error: must not be in the future"
    phone = client.post(
        f"/placements/{s.placement.id}/check-in",
        data={
            "csrf_token": csrf(form),
            "visited_on": clock.today().isoformat(),
            "kind": "phone",
            "wellbeing": "3",
            "housing_condition": "3",
        },
    )
    assert error_of(phone, "housing_condition") == "Error: a phone call does not show the home"
    french_staff = sign_in(s.staff, lang="fr")
    future = french_staff.post(
        f"/placements/{s.placement.id}/check-in",
        data={
            "csrf_token": csrf(french_staff.get(f"/placements/{s.placement.id}/check-in")),
            "visited_on": tomorrow,
            "kind": "phone",
            "wellbeing": "3",
        },
    )
    assert error_of(future, "visited_on") == "Erreur : ne peut pas être dans le futur"
    early = s.placement.start_date - timedelta(days=1)
    french = sign_in(s.staff, lang="fr")
    refused = french.post(
        f"/placements/{s.placement.id}/check-in",
        data={
            "csrf_token": csrf(french.get(f"/placements/{s.placement.id}/check-in")),
            "visited_on": early.isoformat(),
            "kind": "office",
            "wellbeing": "3",
        },
    )
    started = in_french(i18n.long_date, s.placement.start_date)
    assert squash(error_of(refused, "visited_on") or "") == (
        f"Erreur : ne peut pas être avant le début de l'hébergement ({squash(started)})"
    )
    assert _count(db, Visit) == 0


def test_milestones_incidents_and_the_exit_plan(sign_in: SignIn, make: Factory, db: Session) -> None:
    s = make.parties(start=clock.today() - timedelta(days=60))
    client = sign_in(s.staff)
    page = client.get(_page(client, s))
    token = csrf(page)
    today = clock.today().isoformat()
    url = f"/placements/{s.placement.id}"
    missing = client.post(
        f"{url}/milestones/housing_application",
        data={"csrf_token": token, "housing_application-reached_on": today},
    )
    assert missing.status_code == 422
    assert (
        error_of(missing, "housing_application-reference") == "Error: give the housing application's number"
    )
    assert soup(missing).select_one("#milestones details[open]") is not None
    assert _count(db, Milestone) == 0
    for kind, data in (
        ("housing_application", {"housing_application-reference": "059 0426 00123 AB"}),
        ("health_cover", {}),
    ):
        saved = client.post(
            f"{url}/milestones/{kind}",
            data={"csrf_token": token, f"{kind}-reached_on": today, **data},
            follow_redirects=False,
        )
        assert saved.status_code == 303
    shown = squash(text(client.get(_page(client, s))))
    assert "Health cover : reached on" in shown and "number 059 0426 00123 AB" in shown

    wrong = client.post(f"{url}/incidents", data={"csrf_token": token, "incident-occurred_on": today})
    assert wrong.status_code == 422
    assert error_of(wrong, "incident-severity") == "Error: This field is required."
    assert error_of(wrong, "incident-category") == "Error: This field is required."
    assert _count(db, Incident) == 0
    client.post(
        f"{url}/incidents",
        data={
            "csrf_token": token,
            "incident-occurred_on": today,
            "incident-severity": "severe",
            "incident-category": "safety",
            "incident-description": "SENTINEL-DESCRIPTION",
        },
    )
    incident_id = _read(db, lambda: db.scalars(select(Incident.id)).one())
    assert "Serious incident" in text(client.get(_page(client, s)))
    unresolved = client.post(f"{url}/incidents/{incident_id}/resolve", data={"csrf_token": token})
    assert (
        error_of(unresolved, f"resolve{incident_id}-resolution") == "Error: say how the incident was resolved"
    )
    client.post(
        f"{url}/incidents/{incident_id}/resolve",
        data={"csrf_token": token, f"resolve{incident_id}-resolution": "Lock changed."},
    )
    assert _read(db, lambda: db.get(Incident, incident_id).status) is IncidentStatus.RESOLVED  # type: ignore[union-attr]
    assert "Resolved on" in text(client.get(_page(client, s)))
    client.post(f"{url}/incidents/{incident_id}/reopen", data={"csrf_token": token})
    reopened = _read(db, lambda: db.execute(select(Incident.status, Incident.resolution)).one())
    assert tuple(reopened) == (IncidentStatus.OPEN, "")  # type: ignore[arg-type]

    plan = client.post(
        f"{url}/exit-plan",
        data={"csrf_token": token, "plan-kind": "social_housing", "plan-details": "Offer expected in June."},
        follow_redirects=False,
    )
    assert plan.status_code == 303
    shown = squash(text(client.get(_page(client, s))))
    assert "Social housing" in shown and "Offer expected in June." in shown


def test_the_owner_answers_an_extension_on_the_home_page(sign_in: SignIn, make: Factory, db: Session) -> None:
    s = make.parties(start=clock.today() - timedelta(days=60))
    planned = s.placement.planned_end
    client = sign_in(s.staff)
    token = csrf(client.get(_page(client, s)))
    url = f"/placements/{s.placement.id}/extensions"
    empty = client.post(url, data={"csrf_token": token, "ext-months": "2"})
    assert error_of(empty, "ext-reason") == "Error: This field is required."
    assert _count(db, Extension) == 0
    client.post(
        url, data={"csrf_token": token, "ext-months": "2", "ext-reason": "Social housing offer in June."}
    )
    assert "A request is waiting for the owner's answer." in text(client.get(_page(client, s)))

    owner = sign_in(s.owner)
    overview = owner.get("/")
    assert "Extension to answer" in text(overview) and f"/homes/{s.home.id}" in overview.text
    home = owner.get(f"/homes/{s.home.id}")
    assert "Social housing offer in June." in text(home)
    extension_id = _read(db, lambda: db.scalars(select(Extension.id)).one())
    agreed = owner.post(
        f"{url}/{extension_id}/consent",
        data={"csrf_token": csrf(home), "back": f"/homes/{s.home.id}"},
        follow_redirects=False,
    )
    assert agreed.status_code == 303 and agreed.headers["location"] == f"/homes/{s.home.id}"
    assert _read(db, lambda: db.scalar(select(Extension.status))) is ExtensionStatus.CONSENTED
    assert _read(db, lambda: db.scalar(select(Placement.planned_end))) == planned + relativedelta(months=2)
    assert "Extension to answer" not in text(owner.get("/"))


def test_ending_early_needs_a_reason_then_the_checks_after_the_end(
    sign_in: SignIn, make: Factory, db: Session
) -> None:
    s = make.parties(start=clock.today() - timedelta(days=90))
    client = sign_in(s.staff)
    token = csrf(client.get(_page(client, s)))
    url = f"/placements/{s.placement.id}/end"
    today = clock.today().isoformat()
    early = client.post(
        url, data={"csrf_token": token, "end-ended_on": today, "end-outcome": "social_housing"}
    )
    assert early.status_code == 422
    assert (error_of(early, "end-early_end_reason") or "").startswith(
        "Error: say why the placement ends before its planned end ("
    )
    assert _read(db, lambda: db.scalar(select(Placement.status))) is PlacementStatus.ACTIVE
    ended = client.post(
        url,
        data={
            "csrf_token": token,
            "end-ended_on": today,
            "end-outcome": "social_housing",
            "end-early_end_reason": "housed_early",
        },
        follow_redirects=False,
    )
    assert ended.status_code == 303
    shown = squash(text(client.get(_page(client, s))))
    assert "The placement has ended and its outcome is recorded." in shown
    assert "Social housing · ended" in shown and "early: Housed before the planned end" in shown
    assert "not due yet" in shown
    with clock.travel(timedelta(days=190)):
        client = sign_in(s.staff)  # the session would have expired meanwhile
        page = client.get(_page(client, s))
        assert "Where does the household live now?" in text(page)
        saved = client.post(
            f"/placements/{s.placement.id}/after-end/6",
            data={"csrf_token": csrf(page), "after6-situation": "social_housing"},
            follow_redirects=False,
        )
        assert saved.status_code == 303
        assert "Where does the household live now?" not in text(client.get(_page(client, s)))


def test_who_sees_the_follow_up(sign_in: SignIn, make: Factory) -> None:
    s = make.parties(start=clock.today() - timedelta(days=40))
    make.visit(s.placement, notes="SENTINEL-NOTES", wellbeing=2)
    make.incident(s.placement, IncidentSeverity.SEVERE, description="SENTINEL-DESCRIPTION")
    other = make.parties()
    url = _page(sign_in(s.staff), s)
    assert sign_in(other.staff).get(url).status_code == 404
    assert sign_in(other.staff).get(f"/placements/{s.placement.id}/check-in").status_code == 404
    assert sign_in(s.owner).get(url).status_code == 404
    worker = sign_in(s.worker).get(url)
    assert worker.status_code == 200 and "SENTINEL-NOTES" in worker.text
    assert url in sign_in(s.worker).get(f"/households/{s.household.id}").text  # from the household too
    coordinator = sign_in(make.user(Role.COORDINATOR)).get(url)
    assert coordinator.status_code == 200 and s.household.reference in coordinator.text
    for secret in ("SENTINEL-NOTES", "SENTINEL-DESCRIPTION", "wellbeing 2/5", "Record a check-in"):
        assert secret not in coordinator.text
    owner = sign_in(s.owner)
    for page in (owner.get("/"), owner.get(f"/homes/{s.home.id}")):
        shown = text(page)
        assert "Serious incident" in shown and "06 11 22 33 44" in shown
        for secret in ("SENTINEL", s.household.reference, "neighbourhood", "Camille"):
            assert secret not in page.text


def test_an_association_without_a_profile_is_sent_to_write_it(sign_in: SignIn, make: Factory) -> None:
    organisation = make.organisation(OrganisationKind.PARTNER_ASSOCIATION)
    client = sign_in(make.user(Role.ASSOCIATION_STAFF, organisation=organisation))
    assert "Write the profile" in text(client.get("/"))
    answer = client.get("/follow-up", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/association/edit"


def test_the_overview_lists_the_associations_other_placements_below_its_board(
    sign_in: SignIn, make: Factory
) -> None:
    s = make.parties(start=clock.today() - timedelta(days=30))
    proposal = make.placement(make.household(), make.home(), s.association, PlacementStatus.PROPOSED)
    page = sign_in(s.staff).get("/")
    listed = soup(page).select_one("#placements-title")
    assert listed is not None and f"/placements/{proposal.id}/paperwork" in page.text
    assert f'href="/placements/{s.placement.id}/follow-up"' in page.text  # in the board
    assert page.text.count(f"P-{s.placement.id:06d}") == 0  # not listed twice
