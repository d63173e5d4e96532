"""The outbox page (admins see every e-mail, others their own) and the page where each user
chooses their notifications."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from stirrup.config import Settings
from stirrup.models import NotificationKind, Role
from stirrup.services import outbox
from tests.factories import Factory
from tests.pages.test_login import csrf_of
from tests.pages.test_paperwork_pages import as_user


def test_the_outbox_lists_the_kept_emails_to_their_readers(
    client: TestClient, engine: Engine, settings: Settings, make: Factory
) -> None:
    owner, other, admin = (
        make.user(Role.LANDLORD, locale="en"),
        make.user(Role.LANDLORD),
        make.user(Role.ADMIN),
    )
    make.notification(owner, owner=True)
    outbox.run(engine, settings)  # SMTP off: kept for this page
    as_user(client, make, owner)
    page = client.get("/outbox?lang=en")
    assert page.status_code == 200
    assert "An incident needs attention" in page.text and "Kept here" in page.text
    email_id = page.text.split('href="/outbox/')[1].split('"')[0]
    one = client.get(f"/outbox/{email_id}?lang=en")
    assert one.status_code == 200 and "your home in Roubaix" in one.text
    assert 'sandbox=""' in one.text and "srcdoc=" in one.text
    as_user(client, make, other)
    assert "An incident needs attention" not in client.get("/outbox?lang=en").text
    assert client.get(f"/outbox/{email_id}").status_code == 404
    as_user(client, make, admin)
    listing = client.get("/outbox?lang=en").text
    assert "An incident needs attention" in listing and html.escape(owner.email) in listing


def test_choosing_notifications_on_the_site(client: TestClient, make: Factory, db: Session) -> None:
    owner = make.user(Role.LANDLORD)
    as_user(client, make, owner)
    page = client.get("/account/notifications?lang=en")
    assert page.status_code == 200 and "A severe incident open" in page.text
    assert page.context["form"].chosen("kinds") == [kind.value for kind in NotificationKind]
    form = {
        "csrf_token": csrf_of(page.text),
        "delivery": "digest",
        "kinds": ["severe_incident", "insurance_lapsed"],
    }
    saved = client.post("/account/notifications?lang=en", data=form, follow_redirects=False)
    assert saved.status_code == 303
    shown = client.get("/account/notifications?lang=en")
    assert "Your choices are saved" in shown.text
    assert shown.context["form"].chosen("kinds") == ["severe_incident", "insurance_lapsed"]
    mine = client.get("/api/v1/notifications/preferences", headers=make.headers(owner)).json()
    assert mine["daily_digest"] is True
    assert {k for k, on in mine["kinds"].items() if on} == {"severe_incident", "insurance_lapsed"}
    refused = client.post(
        "/account/notifications?lang=en", data={**form, "kinds": ["gossip"], "delivery": "x"}
    )
    assert refused.status_code == 422
    assert refused.context["form"].errors == {
        "kinds": "choose among the kinds of notification listed",
        "delivery": "choose single e-mails or the daily summary",
    }
    assert client.get("/api/v1/notifications/preferences", headers=make.headers(owner)).json() == mine
    forged = client.post("/account/notifications", data={**form, "csrf_token": "forged"})
    assert forged.status_code == 403
