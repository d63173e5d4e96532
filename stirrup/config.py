"""Every setting of Stirrup, read from the environment (prefix ``STIRRUP_``) in this one place."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

#: Kinds of support a household may need and an association may offer. Never diagnoses:
#: what the follow-up is about, not why (see docs/privacy.md).
DEFAULT_SUPPORT_NEEDS: tuple[str, ...] = (
    "rights_paperwork",
    "employment",
    "health_care_access",
    "mental_health_support",
    "addiction_support",
    "parenting",
    "budget",
    "language",
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
TEMPLATES_DIR = PROJECT_ROOT / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


class Settings(BaseSettings):
    """Configuration of one Stirrup process; see README.md ("Configuration") for each field."""

    model_config = SettingsConfigDict(env_prefix="STIRRUP_", extra="ignore")

    database_url: str = "sqlite:///./stirrup.db"
    demo_mode: bool = False
    geocoder: Literal["offline", "ban"] = "offline"
    geocoder_timeout_s: float = Field(default=3.0, gt=0, le=10)
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_absolute_hours: int = Field(default=12, ge=1, le=24 * 30)
    #: None: Secure cookies whenever the request came over HTTPS.
    cookie_secure: bool | None = None
    support_needs: Annotated[tuple[str, ...], NoDecode] = DEFAULT_SUPPORT_NEEDS
    max_body_bytes: int = Field(default=1_000_000, ge=10_000)
    page_size_max: int = Field(default=100, ge=10, le=1000)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    expose_api_docs: bool = True
    #: Public what-if estimates (no account needed) one client address may ask for per minute.
    estimates_per_minute: int = Field(default=30, ge=1, le=10_000)
    #: Failed sign-ins (password or one-time code) one account, or one client address, may make
    #: within ``sign_in_lock_minutes`` before sign-in is refused to it for that long.
    sign_in_max_failures: int = Field(default=10, ge=3, le=100)
    sign_in_lock_minutes: int = Field(default=15, ge=1, le=24 * 60)
    #: Two-factor sign-in for every role but landlords. Only the demo may switch it off.
    require_two_factor: bool = True
    #: Households whose placement ended more than this many years ago are anonymised by
    #: ``stirrup privacy purge`` (CNIL: two years after the last contact).
    retention_years: int = Field(default=2, ge=1, le=30)
    #: Audit entries older than this many months are deleted by ``stirrup privacy purge`` (CNIL
    #: délibération 2021-122 on logging: six months to a year; docs/privacy.md#retention).
    audit_retention_months: int = Field(default=12, ge=6, le=120)
    #: E-mails sent (or kept on the outbox page, or failed for good) more than this many days ago
    #: are deleted by ``stirrup privacy purge``; the notification they carried stays in the app.
    email_retention_days: int = Field(default=90, ge=1, le=3650)
    #: A proposal not accepted by all three parties within this many days expires.
    proposal_expiry_days: int = Field(default=7, ge=1, le=90)
    #: Parties who have not answered a proposal after this many hours get one reminder.
    proposal_reminder_hours: int = Field(default=48, ge=1, le=24 * 30)
    #: Départements ("59") or communes (INSEE "59512") that work by matching rounds only: a
    #: placement request there waits for the next round (a comma-separated list in the environment).
    rounds_only_territories: Annotated[tuple[str, ...], NoDecode] = ()
    #: Time limit of the solve a placement request or a newly available home triggers.
    on_demand_time_limit_s: float = Field(default=5.0, gt=0, le=60)
    #: A running round whose heartbeat is older than this is taken for crashed and marked failed.
    round_stale_after_s: int = Field(default=120, ge=10, le=24 * 3600)
    #: "departement": a round over every territory is solved département by département, each in
    #: its own worker process (docs/scaling.md); "none": one problem for the whole territory.
    round_partitions: Literal["none", "departement"] = "none"
    #: Worker processes solving a partitioned round's départements at once (1: one after another,
    #: in the process running the round).
    round_workers: int = Field(default=1, ge=1, le=64)
    #: A round keeps at most this many suitable homes per household, its best-fitting ones (none:
    #: every suitable home, exact). A national deployment sets it (200) so that a dense
    #: département's candidate pairs stay within memory (docs/scaling.md, "Capped candidates").
    round_candidate_cap: int | None = Field(default=None, ge=1, le=100_000)
    #: How often ``stirrup serve`` raises reminders, expires proposals and starts placements (0: never).
    housekeeping_interval_s: int = Field(default=600, ge=0, le=24 * 3600)
    #: Largest spreadsheet an import accepts (the general body limit does not apply to uploads).
    import_max_bytes: int = Field(default=50_000_000, ge=100_000)
    #: Days an invalid file is kept so that its annotated copy can be downloaded.
    import_keep_days: int = Field(default=7, ge=0, le=90)
    #: Address of the site as its users reach it: the links in e-mails start with it.
    public_url: str = Field(default="http://127.0.0.1:8000", pattern=r"^https?://[^\s/]+(/[^\s]*)?$")
    #: SMTP server of the notifications; empty: no e-mail leaves, they are kept on the outbox page.
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    #: "starttls" (port 587), "tls" (implicit TLS, port 465) or "none" (a relay on the same host).
    smtp_tls: Literal["none", "starttls", "tls"] = "starttls"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    #: The sender of every e-mail, e.g. "Stirrup <no-reply@stirrup.example.org>".
    smtp_from: str = "Stirrup <no-reply@stirrup.invalid>"
    smtp_timeout_s: float = Field(default=15.0, gt=0, le=120)
    #: Certificates to trust for the SMTP server instead of the system's (a private authority).
    smtp_ca_file: Path | None = None
    #: How often ``stirrup serve`` delivers notifications (0: never; ``stirrup notifications send``).
    notifications_interval_s: int = Field(default=60, ge=0, le=24 * 3600)
    #: How often it looks for new alerts to notify (each alert reaches each user once).
    alert_scan_interval_s: int = Field(default=900, ge=60, le=24 * 3600)
    #: The hour (Europe/Paris) at which daily digests go out.
    digest_hour: int = Field(default=7, ge=0, le=23)
    #: Attempts at delivering an e-mail before it is marked failed; the wait doubles each time.
    email_max_attempts: int = Field(default=8, ge=1, le=30)
    email_retry_base_s: int = Field(default=60, ge=1, le=3600)

    @field_validator("support_needs", "rounds_only_territories", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        """A list from the environment: comma-separated ("59,62") or JSON (["59", "62"])."""
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                return json.loads(value)
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @model_validator(mode="after")
    def _two_factor_only_off_in_the_demo(self) -> Settings:
        if not self.require_two_factor and not self.demo_mode:
            raise ValueError(
                "STIRRUP_REQUIRE_TWO_FACTOR=false is refused outside the demo (STIRRUP_DEMO_MODE=true): "
                "social workers, association staff, coordinators and admins must use two-factor sign-in"
            )
        return self

    @model_validator(mode="after")
    def _check_support_needs(self) -> Settings:
        if not self.support_needs:
            raise ValueError("STIRRUP_SUPPORT_NEEDS must name at least one kind of support")
        for code in self.support_needs:
            if not code.replace("_", "").isalnum() or code != code.lower():
                raise ValueError(f"support need {code!r} must be a lower-case code like 'budget'")
        from stirrup.geography import is_departement_code, is_insee_code  # geography reads DATA_DIR

        for code in self.rounds_only_territories:
            if not is_departement_code(code) and not is_insee_code(code):
                raise ValueError(
                    f"rounds-only territory {code!r} must be a département (59) or an INSEE code (59512)"
                )
        return self

    @model_validator(mode="after")
    def _check_smtp(self) -> Settings:
        from email.utils import parseaddr

        if "@" not in parseaddr(self.smtp_from)[1]:
            raise ValueError(
                "STIRRUP_SMTP_FROM must be an e-mail address, e.g. 'Stirrup <no-reply@example.org>'"
            )
        if (self.smtp_username is None) != (self.smtp_password is None):
            raise ValueError("STIRRUP_SMTP_USERNAME and STIRRUP_SMTP_PASSWORD go together")
        if self.smtp_username is not None and self.smtp_tls == "none":
            raise ValueError(
                "STIRRUP_SMTP_PASSWORD would travel in clear: set STIRRUP_SMTP_TLS to starttls or tls"
            )
        return self

    @property
    def smtp_enabled(self) -> bool:
        return bool(self.smtp_host)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
