"""The one error hierarchy of Stirrup: raised where a problem is detected, turned into an HTTP
answer, an error page or a CLI message in one place each (``stirrup.api.errors``,
``stirrup.pages.errors``, ``stirrup.cli``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldProblem:
    """One field and what is wrong with it, in words a user can act on."""

    field: str
    message: str


class StirrupError(Exception):
    """Base of every error a user may see; carries the HTTP status it maps to."""

    status_code = 400
    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(StirrupError):
    """The object does not exist, or the caller may not know that it does."""

    status_code = 404
    code = "not_found"


class Forbidden(StirrupError):
    """The caller is known but this action is not theirs to take."""

    status_code = 403
    code = "forbidden"


class NotAuthenticated(StirrupError):
    status_code = 401
    code = "not_authenticated"


class Conflict(StirrupError):
    """The action clashes with the current state (someone else acted first)."""

    status_code = 409
    code = "conflict"


class TooManyRequests(StirrupError):
    status_code = 429
    code = "too_many_requests"

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class InvalidInput(StirrupError):
    """Input that breaks a rule; names every field at fault."""

    status_code = 422
    code = "invalid_input"

    def __init__(self, problems: list[FieldProblem] | FieldProblem, message: str | None = None) -> None:
        self.problems = [problems] if isinstance(problems, FieldProblem) else list(problems)
        summary = "; ".join(f"{p.field}: {p.message}" for p in self.problems)
        super().__init__(message or summary)

    @classmethod
    def field(cls, field: str, message: str) -> InvalidInput:
        return cls(FieldProblem(field, message))


def problems_from_errors(errors: Iterable[Mapping[str, Any]]) -> list[FieldProblem]:
    """Pydantic's errors as field problems: "body.surface_m2" becomes "surface_m2", a nested
    "contact.phone" stays dotted, and a cross-field error raised as "field: message" (see
    schemas.common.raise_first) goes to its field, inside the nested body it was raised in
    ("territory.departement")."""
    problems = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        message = _readable(error)
        field, _, rest = message.partition(": ")
        if error.get("type") == "value_error" and rest and _FIELD_NAME.match(field):
            location, message = [*location, field], rest
        problems.append(FieldProblem(".".join(location) or "body", message))
    return problems


_FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_.]*$")


def _readable(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "is invalid"))
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "is not a field you can set here"
    if kind == "missing":
        return "is required"
    if kind == "json_invalid":
        return "the body is not valid JSON"
    return message.removeprefix("Value error, ")
