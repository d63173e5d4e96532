"""Lists on the site: one page size, pages counted from 1, and the links between pages."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from stirrup.services.listing import Page, PageRequest

T = TypeVar("T")
PAGE_SIZE = 25


def list_page(fetch: Callable[[PageRequest], Page[T]], page: int, sort: str | None = None) -> Page[T]:
    """One page of a list, whatever page number the address asked for."""
    return fetch(PageRequest(page=min(max(page, 1), 1_000_000), page_size=PAGE_SIZE, sort=sort))


def page_count(found: Page[T]) -> int:
    return max(1, -(-found.total // found.page_size))


E = TypeVar("E", bound=StrEnum)


def member(kind: type[E], value: str) -> E | None:
    """The filter a list's address asks for; anything unknown means no filter."""
    try:
        return kind(value)
    except ValueError:
        return None
