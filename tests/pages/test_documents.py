"""The documents of a placement: every placeholder filled for a fully filled placement, nothing
about the household beyond its reference and size except on the occupant's own undertaking."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from stirrup.deps import SESSION_COOKIE
from stirrup.models import Role, SessionKind
from stirrup.services.documents import DocumentKind
from tests.factories import Factory, Parties

SENTINEL = "SENTINEL-NAME Dupont"


def sign_in(client: TestClient, make: Factory, user: object) -> None:
    client.cookies.set(SESSION_COOKIE, make.token(user, SessionKind.WEB))  # type: ignore[arg-type]


def insured(client: TestClient, make: Factory, s: Parties) -> None:
    certificate = {
        "holder": "association",
        "insurer": "MAIF",
        "policy_number": "HAB-2026-0042",
        "valid_from": s.placement.start_date.isoformat(),
        "valid_until": s.placement.planned_end.isoformat(),
    }
    answer = client.post(
        f"/api/v1/placements/{s.placement.id}/insurance", json=certificate, headers=make.headers(s.staff)
    )
    assert answer.status_code == 201


def unrendered(text: str) -> list[str]:
    """Anything that looks like a placeholder left empty or not rendered."""
    found = re.findall(r"\{\{.*?\}\}|\{%.*?%\}|class=\"fill-in\"", text)
    found += [word for word in ("None", "Undefined", "undefined") if re.search(rf"\b{word}\b", text)]
    return found


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_placeholder_is_filled_for_a_fully_filled_placement(
    client: TestClient, make: Factory, kind: DocumentKind, locale: str
) -> None:
    s = make.parties(contact_name=SENTINEL)
    insured(client, make, s)
    reader = s.worker if kind is DocumentKind.OCCUPANT_UNDERTAKING else s.owner
    sign_in(client, make, reader)
    answer = client.get(f"/placements/{s.placement.id}/documents/{kind.value}?lang={locale}")
    assert answer.status_code == 200, answer.text
    assert unrendered(answer.text) == []
    text = html.unescape(answer.text)
    expected = [
        s.organisation.name,
        "5 place de la Liberté, 59100 Roubaix",
        "06 11 22 33 44",
        "12 rue de l'Épeule",
        s.household.reference,
        f"P-{s.placement.id:06d}",
    ]
    if kind is not DocumentKind.OCCUPANT_UNDERTAKING:
        expected += ["Martine Lefebvre"]
    if kind is DocumentKind.LOAN_AGREEMENT:
        expected += ["MAIF", "HAB-2026-0042", "1875", "1880"]
    if kind is DocumentKind.COMMITMENT:
        expected += ["Sophie Durand", "03 20 11 11 11", "03 20 00 00 00"]
    for value in expected:
        assert value in text, value
    assert (SENTINEL in text) is (kind is DocumentKind.OCCUPANT_UNDERTAKING)


def test_a_missing_value_is_left_to_fill_in_by_hand(client: TestClient, make: Factory) -> None:
    s_no_phone = make.parties()
    make.db.refresh(s_no_phone.association)
    s_no_phone.association.emergency_phone = None
    make.db.commit()
    sign_in(client, make, s_no_phone.owner)
    answer = client.get(f"/placements/{s_no_phone.placement.id}/documents/loan-agreement")
    assert 'class="fill-in"' in answer.text


def test_only_the_referent_social_service_produces_the_document_naming_the_occupant(
    client: TestClient, make: Factory
) -> None:
    s = make.parties(contact_name=SENTINEL)
    url = f"/placements/{s.placement.id}/documents/occupant-undertaking"
    for user in (s.owner, s.staff, make.user(Role.COORDINATOR), make.user(Role.SOCIAL_WORKER)):
        sign_in(client, make, user)
        answer = client.get(url)
        assert answer.status_code == 404, user.role
        assert SENTINEL not in answer.text
    for kind in ("loan-agreement", "commitment"):
        sign_in(client, make, s.staff)
        assert SENTINEL not in client.get(f"/placements/{s.placement.id}/documents/{kind}").text


def test_a_document_downloads_as_an_attachment(client: TestClient, make: Factory) -> None:
    s = make.parties()
    sign_in(client, make, s.owner)
    answer = client.get(f"/placements/{s.placement.id}/documents/loan-agreement?lang=fr&download=1")
    assert answer.status_code == 200
    disposition = answer.headers["content-disposition"]
    assert disposition == f'attachment; filename="pret-a-usage-P-{s.placement.id:06d}-fr.html"'
    assert "/static/css/print.css" in answer.text


def test_unknown_documents_and_strangers_get_404(client: TestClient, make: Factory) -> None:
    s = make.parties()
    sign_in(client, make, s.owner)
    assert client.get(f"/placements/{s.placement.id}/documents/lease").status_code == 404
    sign_in(client, make, make.user(Role.LANDLORD))
    assert client.get(f"/placements/{s.placement.id}/documents/loan-agreement").status_code == 404
