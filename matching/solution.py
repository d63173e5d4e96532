"""What a solve returns: always a Solution with a status, never an exception."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Any

from matching.options import Options


class Status(StrEnum):
    """How far the solver got; the placements are valid for every status but INVALID_INPUT."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"  # valid placements, optimality not proven: see Solution.gap
    INFEASIBLE = "infeasible"  # the locked placements themselves break a rule
    TIMED_OUT = "timed_out"  # the time limit hit; placements are the best found so far
    INVALID_INPUT = "invalid_input"  # see Solution.messages; nothing was solved


@dataclass(frozen=True)
class ScoreParts:
    """Fit points of one placement, each between 0 and its weight in Options."""

    distance: int
    preferred_commune: int
    size_fit: int

    @property
    def total(self) -> int:
        return self.distance + self.preferred_commune + self.size_fit


@dataclass(frozen=True)
class Placement:
    """A household in a home for six months, followed by one association."""

    household_id: str
    home_id: str
    association_id: str
    start: date
    end: date
    distance_km: float
    score: int
    parts: ScoreParts
    locked: bool = False


@dataclass(frozen=True)
class Reason:
    """Why something is so, as a stable code with its parameters and a plain-English sentence.

    The web app translates `code` with `params`; `text` is the English rendering of the same.
    """

    code: str
    text: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)


@dataclass(frozen=True)
class Solution:
    """The result of `solve`: placements, unmatched households with reasons, and the proof of quality.

    `objective` and `bound` are on the internal lexicographic scale (see docs/matching.md); the gap is
    (bound − objective) / bound, and zero when proven optimal. `capped_households` counts the
    households whose suitable homes `Options.max_candidates` cut short (their status is relative to the
    kept candidates).
    """

    status: Status
    placements: tuple[Placement, ...]
    unmatched: dict[str, tuple[Reason, ...]]
    objective: int
    bound: int
    placed_by_priority: dict[int, int]
    timings_s: dict[str, float]
    options: Options
    input_hash: str
    messages: tuple[str, ...] = ()
    candidate_pairs: int = 0
    capped_households: int = 0

    @property
    def gap(self) -> float:
        """Relative distance between the objective and the proven bound."""
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)

    def placement_of(self, household_id: str) -> Placement | None:
        """The placement of one household, if any."""
        return self._by_household.get(household_id)

    @cached_property
    def _by_household(self) -> dict[str, Placement]:
        # Explaining a round asks once per household: a scan each time is quadratic in the round.
        return {p.household_id: p for p in self.placements}

    @cached_property
    def association_loads(self) -> Counter[str]:
        """Placements (locked included) per association id."""
        return Counter(p.association_id for p in self.placements)
