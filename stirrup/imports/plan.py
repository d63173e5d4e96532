"""What every kind of import shares: the sheets it reads, the plan a valid row becomes, and the
handler a kind provides to check rows by the API's rules and to write them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from stirrup.config import Settings
from stirrup.errors import FieldProblem, InvalidInput, problems_from_errors
from stirrup.imports.columns import Column
from stirrup.models import ImportJob
from stirrup.services.access import Principal
from stirrup.services.geocoding import Geocoder

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Sheet:
    """What one sheet of the file must hold. ``name`` None: the only sheet (or the CSV file)."""

    name: str | None
    columns: tuple[Column, ...]
    required: tuple[str, ...]
    #: The field naming the record a row creates or updates, which no two rows may repeat.
    key: str | None = "external_ref"


@dataclass
class Planned:
    """What a valid row will do: create a record, or update the one its reference names."""

    row: int
    action: str
    target_id: int | None
    values: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Written:
    """A record written, for the audit trail."""

    action: str
    entity_id: int
    details: dict[str, Any] = field(default_factory=dict)
    #: The audit trail's name for the record, when not the handler's.
    entity: str | None = None


@dataclass
class Context:
    """What a handler checks rows against: who imports, for whom, with which settings."""

    db: Session
    principal: Principal
    job: ImportJob
    geocoder: Geocoder
    settings: Settings


class Handler(Protocol):
    #: The audit trail's name for the records written.
    entity: str
    sheets: tuple[Sheet, ...]

    def authorise(self, context: Context) -> None:
        """Refuse an importer who may not import this at all (called again when the job starts)."""

    def start(self, context: Context) -> None:
        """Authorise, then load what the rows are compared against."""

    def check(self, sheet: Sheet, payload: dict[str, Any], row: int, present: frozenset[str]) -> Planned:
        """The row validated as the API would, or InvalidInput/StirrupError naming what is wrong.
        ``present``: the fields the file has a column for (an update sets those, and only those)."""

    def write(self, db: Session, batch: list[Planned]) -> list[Written]:
        """Write a batch of valid rows (in the one import transaction)."""


class FileProblems(InvalidInput):
    """Problems with the file as a whole (its header rows), each with the sheet it is on."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        super().__init__([FieldProblem(row["field"], row["message"]) for row in rows])
        self.rows = rows


def reserve_ids(db: Session, table: Table, count: int) -> list[int]:
    """Primary keys for ``count`` rows about to be inserted in bulk: a plain executemany with the
    ids given is several times faster than one asking each id back (RETURNING), on both databases.
    PostgreSQL hands them out from the column's sequence; SQLite's write transaction is exclusive,
    so the next ids after the largest are free until it commits."""
    if count == 0:
        return []
    if db.get_bind().dialect.name == "postgresql":
        sequence = func.pg_get_serial_sequence(table.name, "id")
        return list(db.scalars(select(func.nextval(sequence)).select_from(func.generate_series(1, count))))
    largest = db.scalar(select(func.max(table.c.id))) or 0
    return list(range(largest + 1, largest + 1 + count))


def validated(schema: type[ModelT], payload: dict[str, Any]) -> ModelT:
    """The row checked by an API input schema, its errors named by field as the API names them."""
    try:
        return schema.model_validate(payload)
    except ValidationError as error:
        raise InvalidInput(problems_from_errors(error.errors())) from None


def required_fields(schema: type[BaseModel], columns: Sequence[Column]) -> tuple[str, ...]:
    """The columns a file must have: those filling a field the schema requires."""
    return tuple(c.field for c in columns if (f := schema.model_fields.get(c.field)) and f.is_required())
