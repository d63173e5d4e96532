"""Notifications and preferences as the API and the pages show them, in the reader's language."""

from __future__ import annotations

from typing import Any

from stirrup.config import Settings
from stirrup.models import Notification
from stirrup.services import notification_texts
from stirrup.services.access import Principal
from stirrup.services.notification_preferences import Preferences


def view(notification: Notification) -> dict[str, Any]:
    words = notification_texts.text(notification.kind, notification.params)
    return {
        "id": notification.id,
        "kind": notification.kind,
        "status": notification.status,
        "created_at": notification.created_at,
        "subject": words.subject,
        "summary": words.lines[0],
        "path": words.path,
    }


def preferences(principal: Principal, chosen: Preferences, settings: Settings) -> dict[str, Any]:
    return {
        "daily_digest": chosen.daily_digest,
        "digest_hour": settings.digest_hour,
        "language": principal.locale,
        "kinds": chosen.kinds,
    }
