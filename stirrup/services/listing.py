"""Paginated, filtered, sorted lists: the one implementation every list endpoint uses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from stirrup.errors import InvalidInput

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    page_size: int = 50
    sort: str | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    total: int
    page: int
    page_size: int


def paginate(
    db: Session,
    stmt: Select[tuple[T]],
    request: PageRequest,
    sortable: Mapping[str, ColumnElement[Any]],
    default_sort: str,
    tiebreak: ColumnElement[Any],
) -> Page[T]:
    """Run ``stmt`` for one page. ``sort`` is a key of ``sortable``, "-" first for descending;
    anything else is refused, so no column outside the allow-list can be sorted on."""
    key = request.sort or default_sort
    descending = key.startswith("-")
    column = sortable.get(key.removeprefix("-"))
    if column is None:
        allowed = ", ".join(sorted(sortable))
        raise InvalidInput.field(
            "sort", f"unknown sort key {key!r}; use one of: {allowed} (prefix - to reverse)"
        )
    total = db.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    ordered = stmt.order_by(column.desc() if descending else column.asc(), tiebreak)
    offset = (request.page - 1) * request.page_size
    items = list(db.scalars(ordered.offset(offset).limit(request.page_size)))
    return Page(items=items, total=total, page=request.page, page_size=request.page_size)
