"""Errors as JSON, one shape for every API answer that is not a success:

{"error": {"code": "invalid_input", "message": "...", "fields": [{"field": "surface_m2", "message": "..."}]}}
"""

from __future__ import annotations

from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from stirrup.errors import FieldProblem, InvalidInput, StirrupError, TooManyRequests


class FieldErrorOut(BaseModel):
    field: str
    message: str


class ErrorBody(BaseModel):
    code: str
    message: str
    fields: list[FieldErrorOut] = []


class ErrorOut(BaseModel):
    error: ErrorBody


def error_response(error: StirrupError) -> JSONResponse:
    fields = [{"field": p.field, "message": p.message} for p in getattr(error, "problems", [])]
    headers = {}
    if isinstance(error, TooManyRequests):
        headers["Retry-After"] = str(error.retry_after_s)
    if error.status_code == 401:
        headers["WWW-Authenticate"] = "Bearer"
    body = {"error": {"code": error.code, "message": error.message, "fields": fields}}
    return JSONResponse(body, status_code=error.status_code, headers=headers)


def problems_from_validation(exc: RequestValidationError) -> list[FieldProblem]:
    """Pydantic's errors as field problems: "body.surface_m2" becomes "surface_m2", and a
    cross-field error raised as "field: message" (see schemas.common.raise_first) goes to its field."""
    problems = []
    for error in exc.errors():
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        message = _readable(error)
        if error.get("type") == "json_invalid":
            location = []  # its location is a character position, not a field
        if not location and ": " in message:
            field, _, message = message.partition(": ")
            location = [field]
        problems.append(FieldProblem(".".join(location) or "body", message))
    return problems


def _readable(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "is invalid"))
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "is not a field you can set here"
    if kind == "missing":
        return "is required"
    if kind == "json_invalid":
        return "the body is not valid JSON"
    return message.removeprefix("Value error, ")


def validation_response(exc: RequestValidationError) -> JSONResponse:
    return error_response(InvalidInput(problems_from_validation(exc)))


#: Documented error answers, merged into each router's ``responses``.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The body could not be parsed (not UTF-8, nested too deep)"},
    401: {"model": ErrorOut, "description": "Not signed in"},
    403: {"model": ErrorOut, "description": "Signed in, but this action is not yours to take"},
    404: {"model": ErrorOut, "description": "No such object, or not one you may see"},
    409: {"model": ErrorOut, "description": "Clashes with the current state"},
    413: {"model": ErrorOut, "description": "The body is over the size limit"},
    422: {"model": ErrorOut, "description": "Invalid input: every field at fault is named"},
}
