"""Territories of matching: everywhere, one département, or a list of communes (INSEE codes).

A home belongs to the commune of its address; a household to the commune of its anchor (where it
must stay near). Two rounds overlap when some commune could belong to both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, false, or_, true

from stirrup.config import Settings
from stirrup.errors import InvalidInput
from stirrup.geography import departement_of, is_departement_code, is_insee_code
from stirrup.models import Home, Household

Kind = Literal["all", "departement", "communes"]


@dataclass(frozen=True)
class Territory:
    kind: Kind = "all"
    departement: str | None = None
    communes: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str) -> Territory:
        """From the command line: "all", a département ("59") or INSEE codes ("59512,59599")."""
        text = text.strip().upper()
        if text in ("", "ALL"):
            return cls()
        if is_departement_code(text):
            return cls("departement", text)
        codes = frozenset(code.strip() for code in text.split(",") if code.strip())
        wrong = sorted(code for code in codes if not is_insee_code(code))
        if not codes or wrong:
            raise InvalidInput.field(
                "territory",
                f"{', '.join(wrong) or text!r}: give all, a département (59) or INSEE codes (59512,59599)",
            )
        return cls("communes", communes=codes)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Territory:
        return cls(data.get("kind", "all"), data.get("departement"), frozenset(data.get("communes", ())))

    def as_json(self) -> dict[str, Any]:
        if self.kind == "departement":
            return {"kind": "departement", "departement": self.departement}
        if self.kind == "communes":
            return {"kind": "communes", "communes": sorted(self.communes)}
        return {"kind": "all"}

    @property
    def key(self) -> str:
        """What the database's one-running-round-per-territory index compares."""
        if self.kind == "departement":
            return f"departement:{self.departement}"
        if self.kind == "communes":
            return "communes:" + ",".join(sorted(self.communes))
        return "all"

    def describe(self) -> str:
        if self.kind == "departement":
            return f"département {self.departement}"
        if self.kind == "communes":
            return f"communes {', '.join(sorted(self.communes))}"
        return "every territory"

    def overlaps(self, other: Territory) -> bool:
        if self.kind == "all" or other.kind == "all":
            return True
        if self.kind == "departement" and other.kind == "departement":
            return self.departement == other.departement
        if self.kind == "communes" and other.kind == "communes":
            return bool(self.communes & other.communes)
        departement, communes = (
            (self.departement, other.communes)
            if self.kind == "departement"
            else (other.departement, self.communes)
        )
        return any(departement_of(code) == departement for code in communes)

    def homes(self) -> ColumnElement[bool]:
        """Homes of the territory (by INSEE code; by postal code when the address has none)."""
        if self.kind == "all":
            return true()
        if self.kind == "communes":
            return Home.insee_code.in_(sorted(self.communes))
        prefix = f"{self.departement}%"
        return or_(
            Home.insee_code.like(prefix),
            and_(Home.insee_code.is_(None), Home.postal_code.like(_postal_prefix(self.departement or ""))),
        )

    def households(self) -> ColumnElement[bool]:
        """Households whose anchor commune is in the territory."""
        if self.kind == "all":
            return true()
        if self.kind == "communes":
            return Household.anchor_insee_code.in_(sorted(self.communes))
        if not self.departement:
            return false()
        return Household.anchor_insee_code.like(f"{self.departement}%")


def _postal_prefix(departement: str) -> str:
    """Corsica's INSEE codes say 2A/2B where its postal codes say 20."""
    return "20%" if departement in ("2A", "2B") else f"{departement}%"


def rounds_only(settings: Settings, insee_codes: Iterable[str | None]) -> bool:
    """Whether any of these communes works by matching rounds only (setting
    ``STIRRUP_ROUNDS_ONLY_TERRITORIES``: départements or communes)."""
    listed = set(settings.rounds_only_territories)
    return any(code and (code in listed or departement_of(code) in listed) for code in insee_codes)
