"""Downloadable templates: a workbook per kind of import, its header row in the reader's language,
drop-down lists where the values are a closed list, and a help sheet built from the API's schema
(which columns are required, which values are allowed, an example of each)."""

from __future__ import annotations

import types
import typing
from enum import Enum
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import BaseModel

from stirrup.imports.columns import CellKind, Column
from stirrup.imports.headers import ASSOCIATIONS, HOMES, HOUSEHOLDS
from stirrup.models import ImportKind
from stirrup.schemas.associations import AssociationCreate
from stirrup.schemas.homes import HomeCreate
from stirrup.schemas.households import HouseholdCreate
from stirrup.spreadsheets import column_letter

TEMPLATES: dict[ImportKind, tuple[type[BaseModel], tuple[Column, ...], dict[str, str]]] = {
    ImportKind.HOMES: (HomeCreate, HOMES, {"en": "Homes", "fr": "Logements"}),
    ImportKind.HOUSEHOLDS: (HouseholdCreate, HOUSEHOLDS, {"en": "Households", "fr": "Ménages"}),
    ImportKind.ASSOCIATIONS: (AssociationCreate, ASSOCIATIONS, {"en": "Associations", "fr": "Associations"}),
}
_BOOLEANS = {"en": ("yes", "no"), "fr": ("oui", "non")}
_HELP = {
    "en": ("Help", ("Header", "French header", "Field", "Required", "Allowed values", "Example")),
    "fr": ("Aide", ("En-tête", "En-tête anglais", "Champ", "Obligatoire", "Valeurs possibles", "Exemple")),
}
_YES_NO = {"en": ("yes", ""), "fr": ("oui", "")}
#: Fields whose allowed values are the configured vocabulary of kinds of support.
_VOCABULARY_FIELDS = ("support_needs", "support_offered")


def write_template(target: IO[bytes], kind: ImportKind, locale: str, vocabulary: tuple[str, ...]) -> str:
    """Write the template of ``kind`` to ``target``; the file name to offer."""
    if kind not in TEMPLATES:
        raise ValueError(f"no template for {kind.value} imports")
    schema, columns, titles = TEMPLATES[kind]
    lang = "fr" if locale == "fr" else "en"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = titles[lang]
    sheet.append([column.fr if lang == "fr" else column.en for column in columns])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns):
        letter = column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(12, len(sheet[f"{letter}1"].value) + 2)
        choices = _choices(schema, column, lang)
        if choices and column.kind is not CellKind.LIST:
            rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
            rule.add(f"{letter}2:{letter}10000")
            sheet.add_data_validation(rule)
    _help_sheet(workbook, schema, columns, lang, vocabulary)
    workbook.save(target)
    return f"stirrup-{kind.value}-template.xlsx"


def _help_sheet(
    workbook: Workbook,
    schema: type[BaseModel],
    columns: tuple[Column, ...],
    lang: str,
    vocabulary: tuple[str, ...],
) -> None:
    title, headers = _HELP[lang]
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    example = _example(schema)
    for column in columns:
        field = schema.model_fields.get(column.field)
        required = field is not None and field.is_required()
        allowed = vocabulary if column.field in _VOCABULARY_FIELDS else _choices(schema, column, lang)
        value = example.get(column.field)
        if isinstance(value, bool):
            value = _BOOLEANS[lang][0 if value else 1]
        sheet.append(
            [
                column.fr if lang == "fr" else column.en,
                column.en if lang == "fr" else column.fr,
                column.field,
                _YES_NO[lang][0 if required else 1],
                ", ".join(allowed),
                "; ".join(map(str, value)) if isinstance(value, list) else value,
            ]
        )
    for letter, width in zip("ABCDEF", (34, 34, 26, 12, 60, 30), strict=True):
        sheet.column_dimensions[letter].width = width


def _choices(schema: type[BaseModel], column: Column, lang: str) -> tuple[str, ...]:
    """The closed list of values a column takes, read from the schema's type."""
    if column.kind is CellKind.BOOLEAN:
        return _BOOLEANS[lang]
    field = schema.model_fields.get(column.field)
    if field is None:
        return ()
    for option in _options(field.annotation):
        if isinstance(option, type) and issubclass(option, Enum):
            return tuple(str(member.value) for member in option)
        if typing.get_origin(option) is typing.Literal:
            return tuple(str(value) for value in typing.get_args(option))
    return ()


def _options(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def _example(schema: type[BaseModel]) -> dict[str, Any]:
    """The schema's documented example, nested fields flattened as the columns name them."""
    extra = schema.model_config.get("json_schema_extra") or {}
    examples = extra.get("examples", [{}]) if isinstance(extra, dict) else [{}]
    flat: dict[str, Any] = {}
    for name, value in dict(examples[0]).items():  # type: ignore[call-overload]
        if isinstance(value, dict):
            flat.update({f"{name}.{child}": inner for child, inner in value.items()})
        else:
            flat[name] = value
    return flat
