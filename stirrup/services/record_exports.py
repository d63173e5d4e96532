"""Exports of homes and households as CSV or XLSX: what the reader may see, nothing more, with
every cell neutralised against formula injection (``stirrup.spreadsheets``).

A homes export uses the import's headers, so an owner can edit it and import it back. Households
are exported in full (names, contact, needs) to their referent organisation only, whose reading of
them is audited like any other; everyone else gets them pseudonymised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from stirrup import clock
from stirrup.errors import InvalidInput
from stirrup.imports.headers import HOMES, HOUSEHOLDS
from stirrup.models import AuditEvent, Home, Household, Role, User
from stirrup.services import access, audit
from stirrup.services.access import Principal
from stirrup.spreadsheets import csv_lines, write_xlsx

#: Rows read from the database at a time.
_CHUNK = 1000


@dataclass(frozen=True)
class ExportColumn:
    en: str
    fr: str
    value: Callable[[Any], Any]


def _attribute(name: str) -> Callable[[Any], Any]:
    return lambda record: getattr(record, name)


#: The owner's tax data and notes: for the owner and coordinators (access.can_see_home_tax_data).
_OWNER_ONLY = ("cadastral_rental_value_eur", "notes")


def _home_columns(principal: Principal) -> list[ExportColumn]:
    def owner_only(name: str) -> Callable[[Any], Any]:
        return lambda home: getattr(home, name) if access.can_see_home_tax_data(principal, home) else None

    return [
        *(
            ExportColumn(c.en, c.fr, owner_only(c.field) if c.field in _OWNER_ONLY else _attribute(c.field))
            for c in HOMES
        ),
        ExportColumn("INSEE code", "Code INSEE", _attribute("insee_code")),
        ExportColumn("Geocoding precision", "Précision du géocodage", _attribute("geocode_precision")),
        ExportColumn("Id", "Numéro", _attribute("id")),
    ]


_REFERENCE = ExportColumn("Pseudonymous reference", "Référence pseudonyme", _attribute("reference"))
#: What anyone who may see a household reads: no names, contact, needs, notes or own reference.
_PSEUDONYMISED = (
    _REFERENCE,
    ExportColumn("Status", "Statut", _attribute("status")),
    *(
        ExportColumn(c.en, c.fr, _attribute(c.field))
        for c in HOUSEHOLDS
        if c.field in ("adults", "children", "anchor_kind", "anchor_commune", "max_distance_km")
        or c.field in ("preferred_communes", "excluded_communes", "earliest_start", "priority")
    ),
    ExportColumn("Bedrooms needed", "Chambres nécessaires", _attribute("bedrooms_needed")),
    ExportColumn(
        "Waiting since", "En attente depuis le", lambda h: h.waiting_since.astimezone(clock.PARIS).date()
    ),
)
#: Columns of the import a household has no stored value for (its anchor's postal code).
_NOT_STORED = {"anchor_postal_code", "referent_id", "bedrooms_needed"}


def _contact(name: str) -> Callable[[Household], Any]:
    return lambda household: getattr(household.contact, name) if household.contact else None


_FULL = (
    _REFERENCE,
    ExportColumn("Status", "Statut", _attribute("status")),
    *(
        ExportColumn(
            c.en, c.fr, _contact(c.field.partition(".")[2]) if "." in c.field else _attribute(c.field)
        )
        for c in HOUSEHOLDS
        if c.field not in _NOT_STORED
    ),
    ExportColumn("Bedrooms needed", "Chambres nécessaires", _attribute("bedrooms_needed")),
    ExportColumn(
        "Waiting since", "En attente depuis le", lambda h: h.waiting_since.astimezone(clock.PARIS).date()
    ),
)


def export_homes(db: Session, principal: Principal, target: IO[bytes], fmt: str, lang: str) -> str:
    """Write the homes the principal may see; the file name to offer."""
    stmt = select(Home).where(access.homes_visible_to(principal)).order_by(Home.id)
    homes = db.scalars(stmt.execution_options(yield_per=_CHUNK))
    columns = _home_columns(principal)
    _write(target, fmt, lang, "Homes" if lang == "en" else "Logements", columns, homes)
    audit.record(db, principal, "export", "home", None, format=fmt)
    return _filename("homes", fmt)


def export_households(db: Session, principal: Principal, target: IO[bytes], fmt: str, lang: str) -> str:
    """Write the households the principal may see, in full for their referent organisation only
    (each such read audited), pseudonymised for everyone else; the file name to offer."""
    # A social worker sees their organisation's households only: theirs in full.
    referent = principal.role is Role.SOCIAL_WORKER
    stmt = select(Household).where(access.households_visible_to(principal)).order_by(Household.id)
    if referent:
        stmt = stmt.options(selectinload(Household.contact))
    households = db.scalars(stmt.execution_options(yield_per=_CHUNK))
    if not referent:
        _write(target, fmt, lang, _title(lang), _PSEUDONYMISED, households)
        audit.record(db, principal, "export", "household", None, format=fmt, tier="pseudonymised")
        return _filename("households", fmt)
    emails = dict(
        db.execute(select(User.id, User.email).where(User.organisation_id == principal.organisation_id)).all()
    )
    referent_column = ExportColumn(
        "Referent (e-mail)", "Référent (courriel)", lambda h: emails.get(h.referent_id)
    )
    read: list[int] = []
    _write(target, fmt, lang, _title(lang), (referent_column, *_FULL), _noting(households, read))
    _audit_reads(db, principal, read)
    audit.record(db, principal, "export", "household", None, format=fmt, tier="full", count=len(read))
    return _filename("households", fmt)


def _noting(households: Iterable[Household], read: list[int]) -> Iterator[Household]:
    """The households as they are written, their ids noted for the audit trail."""
    for household in households:
        read.append(household.id)
        yield household


def _audit_reads(db: Session, principal: Principal, ids: list[int]) -> None:
    """A ``read_sensitive`` event per household exported in full, as reading it in the API records."""
    rows = [
        {
            "actor_id": principal.user_id,
            "action": "read_sensitive",
            "entity_type": "household",
            "entity_id": str(household_id),
            "ip_address": audit.client_address.get(),
            "details": {"tier": "full", "via": "export"},
        }
        for household_id in ids
    ]
    for start in range(0, len(rows), _CHUNK):
        db.execute(insert(AuditEvent.__table__), rows[start : start + _CHUNK])


def _write(
    target: IO[bytes],
    fmt: str,
    lang: str,
    title: str,
    columns: Iterable[ExportColumn],
    records: Iterable[Any],
) -> None:
    columns = list(columns)
    headers = [column.fr if lang == "fr" else column.en for column in columns]
    rows = ([column.value(record) for column in columns] for record in records)
    if fmt == "csv":
        for chunk in csv_lines(headers, rows):
            target.write(chunk.encode("utf-8"))
    elif fmt == "xlsx":
        write_xlsx(target, [(title, headers, rows)])
    else:
        raise InvalidInput.field("format", "must be csv or xlsx")


def _title(lang: str) -> str:
    return "Households" if lang == "en" else "Ménages"


def _filename(kind: str, fmt: str) -> str:
    return f"stirrup-{kind}-{clock.today().isoformat()}.{fmt}"
