"""The annotated copy: the file as it was, cells at fault highlighted, problems in a last column."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from stirrup.imports.annotate import PROBLEMS_HEADER, write_annotated
from stirrup.models import ImportProblem
from tests.imports.files import xlsx


def test_cells_at_fault_are_highlighted_with_their_problem() -> None:
    source = xlsx(
        ["Référence", "Surface (m²)", "Remarques"], [["A1", 40, "- keys next door"], ["A2", "grand", None]]
    )
    problems = [
        ImportProblem(
            sheet=None, row=3, column="B", header="Surface (m²)", field="surface_m2", message="no number"
        ),
        ImportProblem(sheet=None, row=3, column=None, header=None, field=None, message="whole row"),
    ]
    target = io.BytesIO()
    write_annotated(target, source, "xlsx", [None], problems)
    sheet = load_workbook(io.BytesIO(target.getvalue())).active
    assert [cell.value for cell in sheet[1]] == ["Référence", "Surface (m²)", "Remarques", PROBLEMS_HEADER]
    assert sheet["C2"].value == "'- keys next door" and sheet["C2"].data_type == "s"
    assert sheet["B3"].value == "grand" and sheet["B3"].fill.start_color.rgb.endswith("FFC7CE")
    assert sheet["B3"].comment.text == "no number"
    assert sheet["D3"].value == "B (Surface (m²)): no number\nrow: whole row"
    assert sheet["B2"].comment is None and sheet["D2"].value is None
