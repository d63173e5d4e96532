"""Importing households: each row is checked as a ``POST /households`` body would be, by a social
worker registering them for their own organisation (consent recorded by them)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.errors import InvalidInput
from stirrup.imports.headers import HOUSEHOLDS
from stirrup.imports.plan import Context, Planned, Sheet, Written, required_fields, reserve_ids, validated
from stirrup.models import Household, HouseholdContact, HouseholdStatus, User
from stirrup.schemas.households import HouseholdCreate
from stirrup.services import households, support

#: Written through the table (Core executemany), a third faster than through the ORM.
HOUSEHOLDS_TABLE: Table = Household.__table__  # type: ignore[assignment]

#: Columns a row's anchor sets, placed again whenever a row updates a household.
_ANCHOR = frozenset({"anchor_commune", "anchor_insee_code", "anchor_latitude", "anchor_longitude"})
#: Consent is recorded once, when the household is registered: a re-import never rewrites it.
_CONSENT = frozenset({"consent_given_on", "consent_purpose"})


class HouseholdsImport:
    entity = "household"
    sheets = (Sheet(None, HOUSEHOLDS, required_fields(HouseholdCreate, HOUSEHOLDS)),)

    def authorise(self, context: Context) -> None:
        self.organisation_id = households.registering_organisation(context.principal)

    def start(self, context: Context) -> None:
        self.authorise(context)
        self.db, self.principal, self.geocoder = context.db, context.principal, context.geocoder
        self.vocabulary = context.settings.support_needs
        mine = select(Household.external_ref, Household.id).where(
            Household.organisation_id == self.organisation_id, Household.external_ref.is_not(None)
        )
        self.existing = {ref: household_id for ref, household_id in context.db.execute(mine)}
        self.referents: dict[str, int | InvalidInput] = {}

    def check(self, sheet: Sheet, payload: dict[str, Any], row: int, present: frozenset[str]) -> Planned:
        if "referent_id" in payload:
            payload["referent_id"] = self._referent(str(payload["referent_id"]))
        data = validated(HouseholdCreate, payload)
        support.check_kinds("support_needs", data.support_needs, self.vocabulary)
        values = households.new_household_values(data, self.geocoder)
        values["referent_id"] = data.referent_id or self.principal.user_id
        contact = data.contact.model_dump() if data.contact else None
        household_id = self.existing.get(data.external_ref) if data.external_ref else None
        if household_id is None:
            values.update(
                organisation_id=self.organisation_id,
                consent_recorded_by_id=self.principal.user_id,
                status=HouseholdStatus.WAITING,
                waiting_since=clock.now(),
            )
            return Planned(row, "create", None, values, extra={"contact": contact})
        kept = (present | _ANCHOR) - _CONSENT
        if "bedrooms_needed" in present:
            kept |= {"bedrooms_override"}
        updated = {name: value for name, value in values.items() if name in kept}
        return Planned(row, "update", household_id, updated, extra={"contact": contact})

    def _referent(self, email: str) -> int:
        """The referent named by e-mail, checked once per address by the API's rule."""
        key = email.strip().lower()
        if key not in self.referents:
            user_id = self.db.scalar(select(User.id).where(User.email == key))
            try:
                if user_id is None:
                    raise InvalidInput.field("referent_id", "no account has this e-mail")
                self.referents[key] = households.check_referent(self.db, self.principal, user_id)
            except InvalidInput as error:
                self.referents[key] = error
        found = self.referents[key]
        if isinstance(found, InvalidInput):
            raise InvalidInput(found.problems)
        return found

    def write(self, db: Session, batch: list[Planned]) -> list[Written]:
        creates = [planned for planned in batch if planned.action == "create"]
        updates = [planned for planned in batch if planned.action == "update"]
        written: list[Written] = []
        contacts: list[dict[str, Any]] = []
        if creates:
            references = households.new_references(db, len(creates))
            ids = reserve_ids(db, HOUSEHOLDS_TABLE, len(creates))
            rows = zip(ids, creates, references, strict=True)
            db.execute(
                insert(HOUSEHOLDS_TABLE),
                [{**planned.values, "id": id_, "reference": reference} for id_, planned, reference in rows],
            )
            for household_id, planned, reference in zip(ids, creates, references, strict=True):
                written.append(Written("create", household_id, {"reference": reference}))
                if planned.extra["contact"]:
                    contacts.append({"household_id": household_id, **planned.extra["contact"]})
        if updates:
            db.execute(
                update(Household), [{"id": planned.target_id, **planned.values} for planned in updates]
            )
            replaced = [planned for planned in updates if planned.extra["contact"]]
            ids = [planned.target_id for planned in replaced]
            db.execute(delete(HouseholdContact).where(HouseholdContact.household_id.in_(ids)))
            contacts += [
                {"household_id": planned.target_id, **planned.extra["contact"]} for planned in replaced
            ]
            written += [Written("update", planned.target_id or 0) for planned in updates]
        if contacts:
            db.execute(insert(HouseholdContact.__table__), contacts)
        return written
