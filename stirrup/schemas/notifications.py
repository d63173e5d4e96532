"""Bodies of a user's notifications and of their choice of which ones to receive."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, StrictBool

from stirrup.models import NotificationKind, NotificationStatus
from stirrup.schemas.common import Input, Output


class NotificationOut(Output):
    """One notification, in the reader's language; its e-mail says no more."""

    id: int
    kind: NotificationKind
    status: NotificationStatus = Field(description="pending, emailed, or skipped (switched off)")
    created_at: datetime
    subject: str
    summary: str
    path: str = Field(description="The page of Stirrup it is about, e.g. /proposals/12")


class PreferencesOut(Output):
    daily_digest: bool = Field(description="One e-mail a day grouping the notifications, instead of one each")
    digest_hour: int = Field(description="When the daily digest goes out, Europe/Paris time")
    language: str = Field(description="The language of your e-mails: your account's (PATCH /users/{id})")
    kinds: dict[NotificationKind, bool] = Field(description="Which kinds you receive by e-mail")


class PreferencesUpdate(Input):
    model_config = Input.model_config | {
        "json_schema_extra": {"examples": [{"daily_digest": True, "kinds": {"proposal_answered": False}}]}
    }

    daily_digest: bool | None = None
    # Strict: the top-level check of Input does not reach inside the mapping, where 0, 1 or "yes"
    # would otherwise be read as a switch.
    kinds: dict[NotificationKind, StrictBool] = Field(
        default_factory=dict,
        description="The kinds listed are switched on or off; the others keep their setting",
    )
