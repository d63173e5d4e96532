"""docs/notifications.md and README.md stay true to the code: every kind of notification is
described, every e-mailed alert is one docs/followup.md describes, every setting of the e-mails is in
README's configuration table."""

from __future__ import annotations

from pathlib import Path

from stirrup.config import Settings
from stirrup.models import NotificationKind
from stirrup.services import notification_sources

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "notifications.md").read_text()
README = (ROOT / "README.md").read_text()

EMAIL_SETTINGS = [
    name for name in Settings.model_fields if name.startswith(("smtp_", "email_", "notifications_"))
]


def test_every_kind_is_described() -> None:
    for kind in NotificationKind:
        assert f"| `{kind.value}` |" in DOC, kind


def test_the_alerts_emailed_are_rules_of_the_alerts() -> None:
    documented_elsewhere = (ROOT / "docs" / "followup.md").read_text()
    for kind in notification_sources.ALERT_KINDS:
        assert f"`{kind}`" in documented_elsewhere


def test_every_email_setting_is_in_the_readme() -> None:
    assert len(EMAIL_SETTINGS) >= 10
    for name in [*EMAIL_SETTINGS, "public_url", "digest_hour", "alert_scan_interval_s"]:
        assert f"STIRRUP_{name.upper()}" in README, name
