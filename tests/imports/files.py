"""Building spreadsheet files for the import tests, and uploading them."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook

from stirrup.spreadsheets import csv_lines


def xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Feuil1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    target = io.BytesIO()
    workbook.save(target)
    return target.getvalue()


def csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return "".join(csv_lines(headers, rows)).encode("utf-8")


def sheets(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet of a workbook as its rows of values."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}
    finally:
        workbook.close()


def upload(
    client: TestClient,
    kind: str,
    headers: dict[str, str],
    content: bytes,
    filename: str = "file.xlsx",
    **form: Any,
) -> dict[str, Any]:
    """Upload a file and answer the job as it ended (the test client runs the background task)."""
    data = {
        name: str(value).lower() if isinstance(value, bool) else str(value) for name, value in form.items()
    }
    started = client.post(
        f"/api/v1/imports/{kind}", files={"file": (filename, content)}, data=data, headers=headers
    )
    assert started.status_code == 202, started.text
    answer = client.get(started.headers["Location"], headers=headers)
    assert answer.status_code == 200, answer.text
    job: dict[str, Any] = answer.json()
    return job
