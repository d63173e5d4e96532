"""Headers and cells: which header means which field, and how spreadsheet spellings are read."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from stirrup.errors import InvalidInput
from stirrup.imports.columns import CellKind, header_key, map_headers, read_cell
from stirrup.imports.headers import ASSOCIATIONS, HOMES, HOUSEHOLDS


@pytest.mark.parametrize("columns", [HOMES, HOUSEHOLDS, ASSOCIATIONS])
def test_no_two_columns_of_a_kind_share_a_header(columns: tuple) -> None:
    owners: dict[str, str] = {}
    for column in columns:
        for header in column.headers():
            assert owners.setdefault(header_key(header), column.field) == column.field, header


def test_french_english_and_field_names_in_any_case_map_to_the_same_field() -> None:
    found = map_headers(["SURFACE (M2)", "pieces", "max_occupants", "Étage", "Couleur"], HOMES, ("rooms",))
    assert [c.field for c in found.columns.values()] == ["surface_m2", "rooms", "max_occupants", "floor"]
    assert found.unknown == ["Couleur"]
    assert found.locate("rooms") == ("B", "pieces")
    assert found.locate("street") == (None, None)


def test_a_repeated_or_missing_column_makes_the_file_invalid() -> None:
    with pytest.raises(InvalidInput) as raised:
        map_headers(["Surface (m²)", "Pièces", "surface_m2"], HOMES, ("surface_m2", "street"))
    messages = [p.message for p in raised.value.problems]
    assert messages == [
        "columns A and C are both 'Surface (m²)'",
        "required column missing: 'Street address' (or 'Adresse')",
    ]


@pytest.mark.parametrize(
    ("kind", "cell", "read"),
    [
        (CellKind.BOOLEAN, "Oui", True),
        (CellKind.BOOLEAN, "NON", False),
        (CellKind.BOOLEAN, "x", True),
        (CellKind.BOOLEAN, "peut-être", "peut-être"),
        (CellKind.DATE, "01/03/2027", date(2027, 3, 1)),
        (CellKind.DATE, "31/02/2027", "31/02/2027"),
        (CellKind.DATE, datetime(2027, 3, 1), date(2027, 3, 1)),
        (CellKind.DATE, "2027-03-01", "2027-03-01"),
        (CellKind.NUMBER, "1 200,5", "1200.5"),
        (CellKind.CODE, 1000, "01000"),
        (CellKind.CODE, "59100", "59100"),
        (CellKind.TEXT, 12.0, "12"),
        (CellKind.TEXT, "  '=2+2 ", "=2+2"),
        (CellKind.LIST, "59512; 59650,59599\n", ["59512", "59650", "59599"]),
        (CellKind.TEXT, "   ", None),
        (CellKind.TEXT, None, None),
    ],
)
def test_cells_are_read_as_spreadsheets_spell_them(kind: CellKind, cell: object, read: object) -> None:
    assert read_cell(kind, cell) == read


def test_a_row_becomes_the_schemas_input_with_nested_fields() -> None:
    found = map_headers(["Nom et prénom", "Adultes", "Téléphone", "Courriel"], HOUSEHOLDS, ())
    assert found.payload(["Camille", 2, None]) == {"contact": {"full_name": "Camille"}, "adults": 2}
    assert found.fields == {"contact", "adults"}
