"""Mixins and column helpers shared by the models."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum
from sqlalchemy.orm import Mapped, mapped_column

from stirrup import clock
from stirrup.db import Base, UTCDateTime

__all__ = ["Base", "Timestamped", "enum_column"]


def enum_column(enum: type[StrEnum], name: str) -> Enum:
    """A portable enum: a VARCHAR with a CHECK constraint listing the values."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
