"""Field types and shapes shared by the API schemas."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

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


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="Number of matching records over all pages")
    page: int
    page_size: int
