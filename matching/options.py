"""Solver options: the fit weights a coordinator may tune, and the limits of a run.

The urgency order is not here: it is lexicographic by construction (see `scoring.priority_weights`),
so no weight can trade an urgent household for less urgent ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from matching.norms import Norms


@dataclass(frozen=True)
class Options:
    """How to score fit and how long to search.

    The three weights are the maximum points a placement earns for, respectively, being close to the
    household's anchor, being in a preferred commune, and fitting the household's size. They only
    order placements among sets that house the same number of households of each priority.
    `time_limit_s` bounds the whole `solve` call (the search stops at 80 % of it, leaving time for the
    final bounds and the reasons). `max_lagrangian_iterations` caps the rounds of price refinement
    (core LP and repricing) per stage.
    `max_candidates` keeps only each household's best suitable homes (most fit points, then nearest)
    as its candidates: memory and time then grow with households × cap instead of with the square of
    density, and the placements are optimal among the kept candidates only (the solution counts the
    households it cut short). None, the default, keeps every suitable home: exact.
    The solver is deterministic: `seed` is accepted and has no effect.
    """

    weight_distance: int = 40
    weight_preferred_commune: int = 30
    weight_size_fit: int = 30
    time_limit_s: float = 60.0
    gap_tolerance: float = 0.0
    max_lagrangian_iterations: int = 60
    workers: int = 2
    parallel_min_pairs: int = 400_000
    seed: int = 0
    alternatives: int = 3
    max_candidates: int | None = None
    norms: Norms | None = None
    norms_path: Path | None = None

    def __post_init__(self) -> None:
        for name in ("weight_distance", "weight_preferred_commune", "weight_size_fit"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be zero or positive")
        if self.max_candidates is not None and self.max_candidates < 1:
            raise ValueError("max_candidates must be at least 1, or None for every suitable home")
