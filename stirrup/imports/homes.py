"""Importing homes: each row is checked as a ``POST /homes`` body would be, and belongs to the
importing landlord or to the owner a coordinator names for the whole file."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from stirrup.errors import Conflict
from stirrup.imports.headers import HOMES
from stirrup.imports.plan import Context, Planned, Sheet, Written, required_fields, reserve_ids, validated
from stirrup.models import Home, HomeStatus
from stirrup.schemas.homes import HomeCreate
from stirrup.services import homes

#: Written through the table (Core executemany), a third faster than through the ORM.
HOMES_TABLE: Table = Home.__table__  # type: ignore[assignment]

#: Columns an address sets, re-geocoded whenever a row updates a home.
_LOCATED = frozenset(
    {"street", "postal_code", "commune", "insee_code", "latitude", "longitude", "geocode_precision"}
)


class HomesImport:
    entity = "home"
    sheets = (Sheet(None, HOMES, required_fields(HomeCreate, HOMES)),)

    def authorise(self, context: Context) -> None:
        self.owner_user_id, self.owner_organisation_id = homes.owner_for_new_home(
            context.db, context.principal, context.job.owner_user_id, context.job.owner_organisation_id
        )

    def start(self, context: Context) -> None:
        self.authorise(context)
        self.geocoder, self.principal = context.geocoder, context.principal
        #: The owner's homes by reference: a row naming one updates it.
        self.existing = {
            ref: (home_id, status)
            for ref, home_id, status in context.db.execute(
                select(Home.external_ref, Home.id, Home.status).where(
                    self._owned(), Home.external_ref.is_not(None)
                )
            )
        }

    def _owned(self) -> Any:
        if self.owner_user_id is not None:
            return Home.owner_user_id == self.owner_user_id
        return Home.owner_organisation_id == self.owner_organisation_id

    def check(self, sheet: Sheet, payload: dict[str, Any], row: int, present: frozenset[str]) -> Planned:
        data = validated(HomeCreate, payload)
        values = homes.new_home_values(data, self.geocoder)
        found = self.existing.get(data.external_ref) if data.external_ref else None
        if found is None:
            values.update(owner_user_id=self.owner_user_id, owner_organisation_id=self.owner_organisation_id)
            return Planned(row, "create", None, values)
        home_id, status = found
        kept = present | _LOCATED
        if "status" in data.model_fields_set:
            homes.check_transition(status, HomeStatus(data.status))
        else:
            kept -= {"status"}  # an empty status leaves the one the home has
        updated = {name: value for name, value in values.items() if name in kept}
        return Planned(row, "update", home_id, updated, extra={"status": status})

    def write(self, db: Session, batch: list[Planned]) -> list[Written]:
        creates = [planned.values for planned in batch if planned.action == "create"]
        updates = [planned for planned in batch if planned.action == "update"]
        written = []
        if creates:
            ids = reserve_ids(db, HOMES_TABLE, len(creates))
            db.execute(
                insert(HOMES_TABLE), [{**values, "id": id_} for values, id_ in zip(creates, ids, strict=True)]
            )
            written += [Written("create", home_id) for home_id in ids]
        if updates:
            _check_unchanged(db, updates)
            db.execute(update(Home), [{"id": planned.target_id, **planned.values} for planned in updates])
            written += [Written("update", planned.target_id or 0) for planned in updates]
            for planned in updates:
                wanted, before = planned.values.get("status"), planned.extra["status"]
                if wanted in homes.OFF_THE_MARKET and before not in homes.OFF_THE_MARKET:
                    homes.taken_off_the_market(db, self.principal, planned.target_id or 0)
        return written


def _check_unchanged(db: Session, updates: list[Planned]) -> None:
    """The homes being updated still have the status the rows were checked against."""
    ids = [planned.target_id for planned in updates]
    rows = db.execute(select(Home.id, Home.status).where(Home.id.in_(ids)).with_for_update())
    now = {home_id: status for home_id, status in rows}
    for planned in updates:
        if now.get(planned.target_id) != planned.extra["status"]:
            raise Conflict(f"the home of row {planned.row} changed meanwhile; import the file again")
