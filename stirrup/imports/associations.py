"""Importing the directory of partner associations: each row is checked as a
``POST /associations`` body would be; a row names its organisation by name or by id."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from stirrup.errors import Conflict, Forbidden, InvalidInput
from stirrup.geography import normalise_name
from stirrup.imports.headers import ASSOCIATIONS
from stirrup.imports.plan import Context, Planned, Sheet, Written, required_fields, validated
from stirrup.models import Association, Organisation
from stirrup.schemas.associations import AssociationCreate
from stirrup.services import access, associations, support

#: Columns a row's base sets, placed again whenever a row updates a profile.
_BASE = frozenset({"base_commune", "base_latitude", "base_longitude"})


class AssociationsImport:
    entity = "association"
    sheets = (Sheet(None, ASSOCIATIONS, required_fields(AssociationCreate, ASSOCIATIONS)),)

    def authorise(self, context: Context) -> None:
        if not access.can_create_association(context.principal):
            raise Forbidden("only coordinators, or an association's own staff, import association profiles")

    def start(self, context: Context) -> None:
        self.authorise(context)
        self.db, self.principal, self.geocoder = context.db, context.principal, context.geocoder
        self.vocabulary = context.settings.support_needs
        self.existing = {
            association.external_ref: association
            for association in context.db.scalars(
                select(Association).where(Association.external_ref.is_not(None))
            )
        }
        self.organisations = {
            normalise_name(name): organisation_id
            for organisation_id, name in context.db.execute(select(Organisation.id, Organisation.name))
        }
        #: Organisations given a new profile by an earlier row of the file.
        self.profiled: dict[int, int] = {}

    def check(self, sheet: Sheet, payload: dict[str, Any], row: int, present: frozenset[str]) -> Planned:
        if "organisation_id" in payload:
            payload["organisation_id"] = self._organisation(str(payload["organisation_id"]))
        data = validated(AssociationCreate, payload)
        support.check_kinds("support_offered", data.support_offered, self.vocabulary)
        values = associations.new_association_values(data, self.geocoder)
        found = self.existing.get(data.external_ref) if data.external_ref else None
        if found is not None:
            if not access.can_edit_association(self.principal, found):
                raise Forbidden("only the association's staff or a coordinator may change it")
            if found.organisation_id != data.organisation_id:
                raise InvalidInput.field("organisation_id", "a profile cannot move to another organisation")
            updated = {name: value for name, value in values.items() if name in present | _BASE}
            return Planned(row, "update", found.id, updated)
        if data.organisation_id in self.profiled:
            raise Conflict(
                f"row {self.profiled[data.organisation_id]} already gives this organisation a profile"
            )
        associations.organisation_for_new_profile(self.db, self.principal, data.organisation_id)
        self.profiled[data.organisation_id] = row
        return Planned(row, "create", None, values)

    def _organisation(self, given: str) -> int:
        """The organisation a row names by id or by name."""
        if given.isdigit():
            return int(given)
        found = self.organisations.get(normalise_name(given))
        if found is None:
            raise InvalidInput.field("organisation_id", f"no organisation is named {given!r}")
        return found

    def write(self, db: Session, batch: list[Planned]) -> list[Written]:
        creates = [planned.values for planned in batch if planned.action == "create"]
        updates = [planned for planned in batch if planned.action == "update"]
        written = []
        if creates:
            ids = db.scalars(
                insert(Association).returning(Association.id, sort_by_parameter_order=True), creates
            )
            written += [Written("create", association_id) for association_id in ids]
        if updates:
            db.execute(
                update(Association), [{"id": planned.target_id, **planned.values} for planned in updates]
            )
            written += [Written("update", planned.target_id or 0) for planned in updates]
        return written
