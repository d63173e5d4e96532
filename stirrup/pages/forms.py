"""Forms on the site: the values as the user typed them, the error of each field in the reader's
language, and the conversions from form fields (strings, ticked boxes) to schema input.

A page re-rendered after an invalid post gets the same :class:`Form` back, so every widget macro
(templates/_forms.html) shows what was typed and the message beside its field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import BaseModel, TypeAdapter, ValidationError

from stirrup.errors import InvalidInput, problems_from_errors
from stirrup.i18n import N_, gettext, number
from stirrup.pages.words import say

Values = dict[str, list[str]]


@dataclass
class Form:
    """What a form shows: the values as typed (a list per name, for checkboxes) and the errors."""

    values: Values = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> Form:
        """A form filled from stored values (a home to edit): lists stay lists, None is empty,
        booleans are ticked boxes."""
        converted: Values = {}
        for name, value in values.items():
            if isinstance(value, list | tuple):
                converted[name] = [str(v) for v in value]
            elif value is None or value is False:
                converted[name] = []
            elif value is True:
                converted[name] = ["1"]
            else:
                converted[name] = [str(value)]
        return cls(converted)

    def value(self, name: str) -> str:
        found = self.values.get(name)
        return found[0] if found else ""

    def chosen(self, name: str) -> list[str]:
        return list(self.values.get(name, []))

    def ticked(self, name: str) -> bool:
        return bool(self.value(name))

    def error(self, name: str) -> str | None:
        """The message of ``name``, or of the first of its parts (a list's item, a nested field)."""
        if name in self.errors:
            return self.errors[name]
        return next((m for f, m in self.errors.items() if f.startswith(name + ".")), None)

    def fail(self, problems: ValidationError | InvalidInput, rename: Mapping[str, str] | None = None) -> Form:
        """Record the problems of a validation or a service beside their fields."""
        for name, message in field_errors(problems).items():
            target = (rename or {}).get(name.split(".")[0], name)
            self.errors.setdefault(target, message)
        return self

    def text(self, *names: str) -> dict[str, str]:
        """The named fields as single trimmed strings."""
        return {name: self.value(name).strip() for name in names}

    def filled(self, *names: str) -> dict[str, str]:
        """The named fields that are not blank: a blank field is left out, so a schema's default
        (or "required") applies rather than a parse error on ''."""
        return {name: value for name, value in self.text(*names).items() if value}

    def numbers(self, *names: str) -> dict[str, str]:
        """Numbers as typed in French or English ("1 250,5", "1,250.5") in the form schemas read:
        spaces dropped, a lone decimal comma made a point. Blank fields are left out."""
        found = {}
        for name, value in self.filled(*names).items():
            value = "".join(value.split())  # also the (narrow) no-break spaces of "1 250"
            if "," in value and "." not in value and value.count(",") == 1:
                value = value.replace(",", ".")
            found[name] = value.replace(",", "")
        return found

    def flags(self, *names: str) -> dict[str, bool]:
        """Checkboxes as booleans: a box left unticked is not sent at all."""
        return {name: self.ticked(name) for name in names}


async def _posted(request: Request) -> Form:
    data = await request.form()
    values: Values = {}
    for name, value in data.multi_items():
        if isinstance(value, str) and name != "csrf_token":
            values.setdefault(name, []).append(value)
    return Form(values)


#: The posted form of a page route (after the CSRF check, which has read it already).
PostedForm = Annotated[Form, Depends(_posted)]


def message_for(error: Mapping[str, Any], field_name: str, message: str | None = None) -> str:
    """One pydantic error in the reader's language: its kind translated, with its limit (a
    minimum, a length); our own messages (value errors) through the catalogue."""
    kind, context = error["type"], error.get("ctx") or {}
    limit = next((v for k, v in context.items() if k in _LIMIT_KEYS), "")
    if kind in _BY_KIND:
        shown = number(limit) if isinstance(limit, int | float) else limit
        return gettext(_BY_KIND[kind]) % {"limit": shown}
    if kind == "value_error" and "email" in field_name:
        return gettext(N_("Enter an e-mail address such as name@example.org."))
    return say(message or str(error.get("msg", "")).removeprefix("Value error, "))


def validate_fields(
    model: type[BaseModel], data: Mapping[str, Any], names: Iterable[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate some fields of ``model`` on their own (one step of a longer form): the parsed
    values, and the message of each field at fault. Cross-field rules are the caller's."""
    parsed: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in names:
        info = model.model_fields[name]
        if name not in data:
            if info.is_required():
                errors[name] = gettext(_BY_KIND["missing"])
            else:
                parsed[name] = info.get_default(call_default_factory=True)
            continue
        try:
            parsed[name] = _adapter(model, name).validate_python(data[name])
        except ValidationError as error:
            errors[name] = message_for(error.errors()[0], name)
    return parsed, errors


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    return TypeAdapter(Annotated[info.annotation, info])


_LIMIT_KEYS = ("gt", "ge", "lt", "le", "min_length", "max_length", "decimal_places", "max_digits")
_BY_KIND = {
    "missing": N_("This field is required."),
    "string_too_short": N_("This field is required."),
    "string_too_long": N_("Use at most %(limit)s characters."),
    "string_pattern_mismatch": N_("This is not in the expected form."),
    "int_parsing": N_("Enter a whole number."),
    "int_from_float": N_("Enter a whole number."),
    "int_type": N_("Enter a whole number."),
    "float_parsing": N_("Enter a number, such as 45 or 45.5."),
    "float_type": N_("Enter a number, such as 45 or 45.5."),
    "decimal_parsing": N_("Enter an amount, such as 2000 or 2000.50."),
    "decimal_type": N_("Enter an amount, such as 2000 or 2000.50."),
    "decimal_max_places": N_("Use at most %(limit)s decimals."),
    "decimal_max_digits": N_("This number is too large."),
    "finite_number": N_("Enter a number, such as 45 or 45.5."),
    "date_parsing": N_("Enter a date as day, month and year."),
    "date_from_datetime_parsing": N_("Enter a date as day, month and year."),
    "date_from_datetime_inexact": N_("Enter a date as day, month and year."),
    "date_type": N_("Enter a date as day, month and year."),
    "greater_than": N_("Enter a number greater than %(limit)s."),
    "greater_than_equal": N_("Enter %(limit)s or more."),
    "less_than": N_("Enter a number less than %(limit)s."),
    "less_than_equal": N_("Enter %(limit)s or less."),
    "enum": N_("Choose one of the options."),
    "literal_error": N_("Choose one of the options."),
    "bool_parsing": N_("Choose one of the options."),
    "too_long": N_("Choose at most %(limit)s."),
    "too_short": N_("Choose at least %(limit)s."),
}

#: Messages the schemas and services raise about fields of the forms, for the catalogue: the
#: pages show them translated (gettext of the message); any other shows as raised.
SERVICE_MESSAGES = (
    N_("cannot exceed the number of rooms"),
    N_("must be after available_from"),
    N_("cannot be in the future"),
    N_("must be 5 digits, e.g. 59100"),
    N_("is not your current password"),
    N_("must be at least 12 characters long"),
    N_("you cannot disable your own account"),
    N_("must be the id of a landlord account"),
    N_("invalid e-mail or password"),
    N_("must be the id of a landlord company"),
    N_("no landlord account has this e-mail"),
    N_("only with the invitation_status joined"),
    N_("say in a few words why, when the reason is 'other'"),
    N_("give a département code such as 59 or 2A"),
    N_("list at least one INSEE code"),
    N_("the association already follows as many households as its capacity allows"),
    N_("the home or the household is already held by another placement"),
    N_("the home or the household was just taken by another placement"),
    # the follow-up (services.followup, milestones, incidents, outcomes; schemas.followup)
    N_("must not be in the future"),
    N_("a phone call does not show the home"),
    N_("give the housing application's number"),
    N_("only a housing application has a number"),
    N_("say how the incident was resolved"),
    N_("only for an end before the planned end"),
)


def field_errors(problems: ValidationError | InvalidInput) -> dict[str, str]:
    """Field name → message in the reader's language (the first problem of each field)."""
    found: dict[str, str] = {}
    if isinstance(problems, InvalidInput):
        for problem in problems.problems:
            found.setdefault(problem.field, say(problem.message))
        return found
    for error in problems.errors():
        (problem,) = problems_from_errors([error])
        found.setdefault(problem.field, message_for(error, problem.field, problem.message))
    return found


def lines(text: str) -> list[str]:
    """A list typed in a text field, one item per comma, semicolon or line."""
    for separator in (";", "\n"):
        text = text.replace(separator, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def joined(items: Iterable[str]) -> str:
    return ", ".join(items)
