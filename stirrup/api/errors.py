"""Errors as JSON, one shape for every API answer that is not a success:

{"error": {"code": "invalid_input", "message": "...", "fields": [{"field": "surface_m2", "message": "..."}]}}
"""

from __future__ import annotations

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from stirrup.errors import FieldProblem, InvalidInput, StirrupError, TooManyRequests, problems_from_errors


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
    """The request's validation errors as field problems (see stirrup.errors.problems_from_errors)."""
    return problems_from_errors(exc.errors())


def validation_response(exc: RequestValidationError) -> JSONResponse:
    return error_response(InvalidInput(problems_from_validation(exc)))


#: Documented error answers, merged into each router's ``responses``.
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "Not signed in"},
    403: {"model": ErrorOut, "description": "Signed in, but this action is not yours to take"},
    404: {"model": ErrorOut, "description": "No such object, or not one you may see"},
    409: {"model": ErrorOut, "description": "Clashes with the current state"},
    422: {"model": ErrorOut, "description": "Invalid input: every field at fault is named"},
}
