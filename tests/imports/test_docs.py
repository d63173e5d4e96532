"""docs/imports.md names every column of every import, in both languages, and its field."""

from __future__ import annotations

import pytest

from stirrup.config import PROJECT_ROOT
from stirrup.imports.columns import Column
from stirrup.imports.headers import ASSOCIATIONS, HOMES, HOUSEHOLDS, ZLV_HOMES, ZLV_OWNER

DOC = (PROJECT_ROOT / "docs" / "imports.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("column", [*HOMES, *HOUSEHOLDS, *ASSOCIATIONS], ids=lambda c: c.field)
def test_every_column_is_documented_with_both_headers(column: Column) -> None:
    assert f"| {column.en} | {column.fr} | `{column.field}`" in DOC


@pytest.mark.parametrize(
    "column", [*(c for c in ZLV_HOMES if "." not in c.field), *ZLV_OWNER], ids=lambda c: c.en
)
def test_every_zlv_column_is_documented_with_what_becomes_of_it(column: Column) -> None:
    assert f"| {column.en}" in DOC
    for alias in column.aliases:
        assert f"earlier: {alias})" in DOC
    if column.field and column.field not in ("lovac_address", "ban_address", "birth_date"):
        assert f"`{column.field}`" in DOC
