"""Response body of an alert (see services.alerts for the rules)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from stirrup.schemas.common import Output


class AlertOut(Output):
    """Something to act on. ``kind`` names the rule (e.g. ``ending_without_exit_plan``); an owner's
    alert never says anything about the household."""

    kind: str
    due_on: date = Field(description="The day it matters, or mattered")
    message: str
    placement_id: int | None = None
    home_id: int | None = None
    association_id: int | None = None
