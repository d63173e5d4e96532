"""The one error hierarchy of Stirrup: raised where a problem is detected, turned into an HTTP
answer, an error page or a CLI message in one place each (``stirrup.api.errors``,
``stirrup.pages.errors``, ``stirrup.cli``)."""

from __future__ import annotations

from dataclasses import dataclass


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


class SecondFactorRequired(NotAuthenticated):
    """The password was right; the one-time code (or a recovery code) must come with it."""

    code = "two_factor_required"


class EnrolmentRequired(Forbidden):
    """The account's role needs two-factor sign-in, which it has not set up yet."""

    code = "two_factor_enrolment_required"


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
