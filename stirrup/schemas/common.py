"""Field types and shapes shared by the API schemas."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from stirrup.errors import FieldProblem
from stirrup.geography import is_insee_code, postal_code_problem

T = TypeVar("T")


def _postal_code(value: str) -> str:
    problem = postal_code_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _insee_code(value: str) -> str:
    if not is_insee_code(value):
        raise ValueError("must be a 5-character INSEE commune code, e.g. 59512")
    return value


def _no_control_characters(value: str) -> str:
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value):
        raise ValueError("must not contain control characters")
    return value


PostalCode = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_postal_code)]
InseeCode = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True), AfterValidator(_insee_code)
]
#: A short single-line text: a name, a street, a commune.
Line = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_no_control_characters),
]
#: Free text such as notes; bounded so that a form cannot be used to store a book.
Text = Annotated[str, StringConstraints(max_length=5000), AfterValidator(_no_control_characters)]
#: A record's reference in its owner's own files (a spreadsheet row id, a case number): re-imports
#: of a spreadsheet update the record carrying it instead of adding another.
ExternalRef = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60),
    AfterValidator(_no_control_characters),
]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 .()-]{6,20}$")]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]


def raise_first(problems: list[FieldProblem]) -> None:
    """Raise a cross-field problem inside a validator as "field: message", which the API's error
    handler turns back into an error on that field."""
    if problems:
        raise ValueError(f"{problems[0].field}: {problems[0].message}")


class Input(BaseModel):
    """Base of every request body: unknown fields are refused, so nothing can be set by stealth."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_numbers_for_dates_or_yes_no(cls, data: Any) -> Any:
        """Pydantic would read 0 as 1 January 1970, 0 or 1 as false or true, and false as 0: a date
        is written YYYY-MM-DD, a yes/no is true or false and a number is a number (forms still send
        their text)."""
        if isinstance(data, dict):
            for name, field in cls.model_fields.items():
                value = data.get(name)
                if isinstance(value, bool):
                    if _is_a(field.annotation, (int, float)) and not _is_a(field.annotation, (bool,)):
                        raise ValueError(f"{name}: must be a number")
                    continue
                if not isinstance(value, int | float):
                    continue
                if _is_a(field.annotation, (date, datetime)):
                    raise ValueError(f"{name}: must be a date written YYYY-MM-DD")
                if _is_a(field.annotation, (bool,)):
                    raise ValueError(f"{name}: must be true or false")
        return data


def _is_a(annotation: Any, types: tuple[type, ...]) -> bool:
    return annotation in types or any(arg in types for arg in get_args(annotation))


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


#: A date in a query string: only YYYY-MM-DD (pydantic alone would take "0" for 1 January 1970).
IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="Number of matching records over all pages")
    page: int
    page_size: int
