"""Importing a Zéro Logement Vacant export: its owners become owner contacts for the team to invite,
its homes draft homes linked to their main owner.

The "Propriétaires" sheet is read first; each home of the "Logements" sheet is then linked to the
owner its owner columns name — by name, birth date and tax address when it gives them, else by a
name that only one owner bears. Re-importing an export updates the same owners (their invitation
status kept) and the same homes (by national tax identifier).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from stirrup.errors import InvalidInput
from stirrup.geography import gazetteer, normalise_name
from stirrup.imports.headers import ZLV_HOMES, ZLV_OWNER
from stirrup.imports.plan import Context, Planned, Sheet, Written, reserve_ids, validated
from stirrup.models import DraftHome, InvitationStatus, OwnerContact
from stirrup.schemas.owner_contacts import ZlvHomeRow, ZlvOwnerRef, ZlvOwnerRow
from stirrup.services.owner_contacts import check_may_invite, identity_key

OWNERS = Sheet("Propriétaires", ZLV_OWNER, ("full_name",), key=None)
HOMES = Sheet("Logements", ZLV_HOMES, ("external_ref", "insee_code", "lovac_address", "owner.full_name"))
CONTACTS_TABLE: Table = OwnerContact.__table__  # type: ignore[assignment]
DRAFTS_TABLE: Table = DraftHome.__table__  # type: ignore[assignment]

_OWNER_FIELDS = (
    "street_number",
    "street",
    "postal_code",
    "commune",
    "address_complement",
    "relative_location",
)
_HOME_FIELDS = tuple(
    name for name in ZlvHomeRow.model_fields if name not in ("owner", "lovac_address", "ban_address")
)


class ZlvImport:
    entity = "draft_home"
    sheets = (OWNERS, HOMES)

    def authorise(self, context: Context) -> None:
        check_may_invite(context.principal)
        self.organisation_id = context.principal.organisation_id

    def start(self, context: Context) -> None:
        self.authorise(context)
        contacts = context.db.execute(
            select(OwnerContact.identity_key, OwnerContact.id, OwnerContact.full_name).where(
                OwnerContact.organisation_id == self.organisation_id
            )
        )
        #: Owners by identity: their id once written (those of earlier imports have one already).
        self.owner_ids: dict[str, int | None] = {}
        self.names: dict[str, set[str]] = defaultdict(set)
        for key, contact_id, name in contacts:
            self.owner_ids[key] = contact_id
            self.names[normalise_name(name)].add(key)
        self.homes = {
            ref: home_id
            for ref, home_id in context.db.execute(
                select(DraftHome.external_ref, DraftHome.id).where(
                    DraftHome.organisation_id == self.organisation_id
                )
            )
        }
        self.planned: set[str] = set()

    def check(self, sheet: Sheet, payload: dict[str, Any], row: int, present: frozenset[str]) -> Planned:
        if sheet is OWNERS:
            return self._owner(validated(ZlvOwnerRow, payload), row)
        home = validated(ZlvHomeRow, payload)
        owner_key, owner = self._owner_of(home.owner, row)
        commune = gazetteer().by_insee(home.insee_code)
        values = {
            **home.model_dump(include=set(_HOME_FIELDS)),
            "address": home.ban_address or _one_line(home.lovac_address),
            "commune": commune.name if commune else None,
        }
        found = self.homes.get(home.external_ref)
        extra = {"owner_key": owner_key, "owner": owner}
        if found is None:
            return Planned(row, "create", None, {**values, "organisation_id": self.organisation_id}, extra)
        kept = present | {"address", "commune"}
        return Planned(row, "update", found, {k: v for k, v in values.items() if k in kept}, extra)

    def _owner(self, owner: ZlvOwnerRow, row: int) -> Planned:
        key = identity_key(owner)
        if key in self.planned:
            return Planned(row, "merge", None, {})  # the same owner twice: one contact
        self.planned.add(key)
        self.names[normalise_name(owner.full_name)].add(key)
        values = _contact_values(owner)
        if key in self.owner_ids:
            return Planned(row, "update", self.owner_ids[key], values, {"owner_key": key})
        self.owner_ids[key] = None
        values.update(
            organisation_id=self.organisation_id,
            identity_key=key,
            invitation_status=InvitationStatus.TO_INVITE,
        )
        return Planned(row, "create", None, values, {"owner_key": key})

    def _owner_of(self, owner: ZlvOwnerRef, row: int) -> tuple[str, Planned | None]:
        """The identity of a home's main owner, and the contact to create when the owner sheet
        does not list them."""
        if owner.lovac_address or owner.ban_address:
            key = identity_key(owner)
            if key in self.owner_ids:
                return key, None
        namesakes = self.names.get(normalise_name(owner.full_name), set())
        if len(namesakes) == 1:
            return next(iter(namesakes)), None
        if len(namesakes) > 1:
            raise InvalidInput.field(
                "owner.full_name",
                f"{len(namesakes)} owners bear this name: the row needs the owner's birth date or address",
            )
        if not (owner.lovac_address or owner.ban_address):
            raise InvalidInput.field("owner.full_name", "no owner of this name in the Propriétaires sheet")
        planned = self._owner(ZlvOwnerRow.model_validate(owner.model_dump()), row)
        return planned.extra["owner_key"], planned

    def write(self, db: Session, batch: list[Planned]) -> list[Written]:
        homes = [planned for planned in batch if "owner" in planned.extra]
        owners = [planned for planned in batch if "owner" not in planned.extra]
        owners += [home.extra["owner"] for home in homes if home.extra["owner"]]
        written = _write_rows(db, CONTACTS_TABLE, OwnerContact, owners, "owner_contact")
        for owner in owners:
            if owner.action == "create":
                self.owner_ids[owner.extra["owner_key"]] = owner.values["id"]
        for home in homes:
            home.values["owner_contact_id"] = self.owner_ids[home.extra["owner_key"]]
        return written + _write_rows(db, DRAFTS_TABLE, DraftHome, homes, "draft_home")


def _write_rows(db: Session, table: Table, model: type, batch: list[Planned], entity: str) -> list[Written]:
    """Insert the rows to create (with ids reserved for them), update the others by id."""
    creates = [planned for planned in batch if planned.action == "create"]
    updates = [planned for planned in batch if planned.action == "update"]
    for planned, new_id in zip(creates, reserve_ids(db, table, len(creates)), strict=True):
        planned.values["id"] = new_id
    if creates:
        db.execute(insert(table), [planned.values for planned in creates])
    if updates:
        db.execute(update(model), [{"id": planned.target_id, **planned.values} for planned in updates])
    written = [Written("create", planned.values["id"], entity=entity) for planned in creates]
    return written + [Written("update", planned.target_id or 0, entity=entity) for planned in updates]


def _contact_values(owner: ZlvOwnerRow) -> dict[str, Any]:
    return {
        "full_name": owner.full_name,
        "postal_address": owner.ban_address or owner.lovac_address or "",
        **owner.model_dump(include=set(_OWNER_FIELDS)),
    }


def _one_line(address: str) -> str:
    """A LOVAC address, written on several lines in the export, on one."""
    return ", ".join(line.strip() for line in address.splitlines() if line.strip())
