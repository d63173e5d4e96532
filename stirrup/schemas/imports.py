"""Response bodies for spreadsheet imports: a job, its progress and the problems it found."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from stirrup.models import ImportKind, ImportStatus
from stirrup.schemas.common import Output


class ImportProblemOut(Output):
    """One problem, where a spreadsheet program shows it: sheet, row number and column letter."""

    sheet: str | None
    row: int | None = Field(description="Row number as the spreadsheet shows it (the header is row 1)")
    column: str | None = Field(description="Column letter (A, B, … AA); empty for the whole row or file")
    header: str | None = Field(description="The header of that column in the file")
    field: str | None = Field(description="The field of the API's schema at fault")
    message: str


class ImportJobOut(Output):
    """An import: its progress while it runs, then what it wrote (or, for a dry run, would write)."""

    id: int
    kind: ImportKind
    status: ImportStatus = Field(
        description="queued, checking (rows_done of rows_total), writing, then done, checked (a dry "
        "run with no problem), invalid (problems found: nothing written) or failed (see message)"
    )
    dry_run: bool
    filename: str
    rows_total: int | None = Field(
        description="Rows in the file; known once reading starts, exact at the end"
    )
    rows_done: int = Field(description="Rows checked so far")
    created_count: int = Field(description="Records created (a dry run: that would be created)")
    updated_count: int = Field(description="Records updated by their reference (a dry run: that would be)")
    problem_count: int
    problems: list[ImportProblemOut] = Field(
        default_factory=list, description="The first problems, in file order; all of them under /problems"
    )
    unknown_columns: list[str] = Field(description="Headers the import does not know: not imported")
    message: str
    annotated_copy: bool = Field(description="An annotated copy of the file can be downloaded")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
