"""/api/v1/notifications: your notifications, and which ones you receive by e-mail."""

from __future__ import annotations

from fastapi import APIRouter

from stirrup.deps import DB, CurrentPrincipal, PageDep, SettingsDep
from stirrup.schemas.common import Page
from stirrup.schemas.notifications import NotificationOut, PreferencesOut, PreferencesUpdate
from stirrup.services import notification_preferences, notification_views, notifications

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get("", response_model=Page[NotificationOut], summary="Your notifications, the newest first")
def list_notifications(db: DB, principal: CurrentPrincipal, page: PageDep) -> object:
    result = notifications.list_mine(db, principal, page)
    return {**result.__dict__, "items": [notification_views.view(n) for n in result.items]}


@router.get("/preferences", response_model=PreferencesOut, summary="Which notifications you receive, and how")
def get_preferences(db: DB, principal: CurrentPrincipal, settings: SettingsDep) -> object:
    return notification_views.preferences(principal, notification_preferences.get(db, principal), settings)


@router.patch("/preferences", response_model=PreferencesOut, summary="Choose which notifications you receive")
def update_preferences(
    db: DB, principal: CurrentPrincipal, settings: SettingsDep, body: PreferencesUpdate
) -> object:
    chosen = notification_preferences.update(db, principal, body.daily_digest, body.kinds)
    return notification_views.preferences(principal, chosen, settings)
