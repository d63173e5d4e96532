"""Spreadsheet imports: one job per uploaded file, with its progress and every problem found.

The uploaded file is kept only as long as its annotated copy may be asked for (see
``stirrup.imports.jobs``); the records it creates live in their own tables.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from stirrup.db import StrList, UTCDateTime
from stirrup.models.base import Base, Timestamped, enum_column


class ImportKind(StrEnum):
    HOMES = "homes"
    HOUSEHOLDS = "households"
    ASSOCIATIONS = "associations"
    #: A Zéro Logement Vacant export: draft homes and their owners' contacts.
    ZLV = "zlv"


class ImportStatus(StrEnum):
    QUEUED = "queued"
    #: Reading and validating every row; nothing is written yet.
    CHECKING = "checking"
    #: Every row was valid: writing them all in one transaction.
    WRITING = "writing"
    #: Written.
    DONE = "done"
    #: A dry run whose every row was valid: nothing written.
    CHECKED = "checked"
    #: Some rows were invalid: nothing written; the problems say where.
    INVALID = "invalid"
    #: The file could not be imported at all (unreadable, a required column missing…).
    FAILED = "failed"


FINISHED_STATUSES = (ImportStatus.DONE, ImportStatus.CHECKED, ImportStatus.INVALID, ImportStatus.FAILED)


class ImportJob(Timestamped, Base):
    __tablename__ = "import_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ImportKind] = mapped_column(enum_column(ImportKind, "import_kind"))
    status: Mapped[ImportStatus] = mapped_column(enum_column(ImportStatus, "import_status"))
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: Whose homes the file lists, when a coordinator imports on a landlord's behalf.
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    owner_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    filename: Mapped[str] = mapped_column(String(255))
    file_format: Mapped[str] = mapped_column(String(4))
    #: The uploaded bytes, dropped once no annotated copy can be asked for.
    source: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    rows_total: Mapped[int | None] = mapped_column(Integer)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    problem_count: Mapped[int] = mapped_column(Integer, default=0)
    #: Headers the file has that the import does not know: reported, never guessed at.
    unknown_columns: Mapped[list[str]] = mapped_column(StrList, default=list)
    message: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ImportProblem(Base):
    """One thing wrong with the file: where (sheet, spreadsheet row, column) and what."""

    __tablename__ = "import_problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("import_jobs.id", ondelete="CASCADE"), index=True)
    sheet: Mapped[str | None] = mapped_column(String(31))
    #: Row number as the spreadsheet shows it (the header is row 1); None for the whole file.
    row: Mapped[int | None] = mapped_column(Integer)
    #: Column letter (A, B, … AA); None when the problem is the row's, not one cell's.
    column: Mapped[str | None] = mapped_column(String(3))
    header: Mapped[str | None] = mapped_column(String(200))
    field: Mapped[str | None] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(Text)
