"""Request and response bodies for organisations, users and sign-in."""

from __future__ import annotations

from datetime import datetime

from pydantic import EmailStr, Field

from stirrup.models import OrganisationKind, Role
from stirrup.schemas.common import Input, Line, Output, Phone


class TokenRequest(Input):
    model_config = Input.model_config | {
        "json_schema_extra": {
            "examples": [{"email": "landlord@demo.stirrup.fr", "password": "a long passphrase"}]
        }
    }

    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)


class TokenOut(Output):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the scheme name, not a secret
    expires_in: int = Field(description="Seconds of inactivity after which the token stops working")


class OrganisationCreate(Input):
    model_config = Input.model_config | {
        "json_schema_extra": {
            "examples": [
                {
                    "kind": "partner_association",
                    "name": "Accueil Roubaisien",
                    "contact_email": "contact@example.org",
                }
            ]
        }
    }

    kind: OrganisationKind
    name: Line
    contact_email: EmailStr | None = None
    contact_phone: Phone | None = None
    contact_address: Line | None = None


class OrganisationUpdate(Input):
    model_config = Input.model_config | {
        "json_schema_extra": {"examples": [{"contact_phone": "03 20 11 22 33"}]}
    }

    name: Line | None = None
    contact_email: EmailStr | None = None
    contact_phone: Phone | None = None
    contact_address: Line | None = None


class OrganisationOut(Output):
    id: int
    kind: OrganisationKind
    name: str
    contact_email: str | None
    contact_phone: str | None
    contact_address: str | None


class UserCreate(Input):
    model_config = Input.model_config | {
        "json_schema_extra": {
            "examples": [
                {
                    "email": "c.dupont@ccas-roubaix.example",
                    "display_name": "Claire Dupont",
                    "role": "social_worker",
                    "organisation_id": 2,
                    "password": "correct horse battery staple",
                }
            ]
        }
    }

    email: EmailStr
    display_name: Line
    role: Role
    organisation_id: int | None = None
    password: str = Field(max_length=1024)
    locale: str = Field(default="fr", pattern="^(fr|en)$")


class UserUpdate(Input):
    model_config = Input.model_config | {"json_schema_extra": {"examples": [{"is_active": False}]}}

    display_name: Line | None = None
    role: Role | None = None
    organisation_id: int | None = None
    is_active: bool | None = None
    locale: str | None = Field(default=None, pattern="^(fr|en)$")


class PasswordChange(Input):
    model_config = Input.model_config | {
        "json_schema_extra": {
            "examples": [{"current_password": "old passphrase", "new_password": "a new long passphrase"}]
        }
    }

    current_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)


class UserOut(Output):
    id: int
    email: str
    display_name: str
    role: Role
    organisation_id: int | None
    is_active: bool
    locale: str
    created_at: datetime
    last_login_at: datetime | None
