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
    code: str | None = Field(
        default=None,
        max_length=40,
        description="The 6-digit code of your authenticator app, or a recovery code, when your "
        "account uses two-factor sign-in",
    )


class TokenOut(Output):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the scheme name, not a secret
    expires_in: int = Field(description="Seconds of inactivity after which the token stops working")
    two_factor_enrolment_required: bool = Field(
        default=False,
        description="True when your role needs two-factor sign-in and you have not set it up: "
        "this token opens only POST /api/v1/auth/two-factor (and /confirm) until you do",
    )


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


class PasswordReset(Input):
    model_config = Input.model_config | {
        "json_schema_extra": {"examples": [{"new_password": "a new long passphrase"}]}
    }

    new_password: str = Field(max_length=1024)


class CodeIn(Input):
    model_config = Input.model_config | {"json_schema_extra": {"examples": [{"code": "492039"}]}}

    code: str = Field(min_length=1, max_length=40)


class PasswordConfirm(Input):
    model_config = Input.model_config | {
        "json_schema_extra": {"examples": [{"password": "your current passphrase"}]}
    }

    password: str = Field(max_length=1024)


class EnrolmentOut(Output):
    secret: str = Field(description="Base32 secret to type into an authenticator app")
    otpauth_uri: str = Field(description="The same as an otpauth:// URI, for a QR code")


class RecoveryCodesOut(Output):
    recovery_codes: list[str] = Field(
        description="Single-use codes that replace the app once each; shown this once only"
    )


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
    has_two_factor: bool
