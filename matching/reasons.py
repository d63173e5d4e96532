"""Reason codes and their English sentences, computed from the rules, for social workers.

Codes are stable identifiers the web app translates; `params` carries every number in the sentence.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from matching.solution import Reason

TEXTS: dict[str, str] = {
    "no_home_within_reach": "No home is within {max_km:g} km of the household's anchor.",
    "homes_too_small": "{count} home(s) within {max_km:g} km are too small: the household needs {bedrooms} "
    "bedroom(s), room for {persons} people and at least {surface_m2:g} m².",
    "homes_not_accessible": "{count} home(s) within {max_km:g} km are not accessible enough ({need}).",
    "homes_without_pets": "{count} home(s) within {max_km:g} km do not allow pets.",
    "homes_not_available": "{count} home(s) within {max_km:g} km are not available for six months "
    "from the start.",
    "homes_in_excluded_communes": "{count} home(s) within {max_km:g} km are in communes the household "
    "excluded.",
    "pairs_declined": "{count} home(s) within {max_km:g} km were declined before.",
    "no_association_for_homes": "{count} suitable home(s) have no partner association offering {support} "
    "support that covers them.",
    "homes_taken_by_higher_priority": "{count} suitable home(s), all proposed to households with higher "
    "priority.",
    "homes_taken_by_others": "{count} suitable home(s), proposed to other households so that more households "
    "of the same or higher priority could be housed.",
    "associations_full": "No association with {support} support covering the area of {count} free suitable "
    "home(s) has capacity left.",
    "not_selected": "{count} suitable home(s) are free but the search stopped before placing this household.",
    "candidates_limited": "{count} more suitable home(s) were left out of this round: only each "
    "household's best-fitting homes are considered in a round this large.",
    "not_solved": "The round stopped before this household was considered.",
    "round_infeasible": "The round could not be solved: the locked placements break a rule.",
    "raise_max_km": "A home {distance_km:.1f} km away fits if the maximum distance is raised to "
    "{new_max_km} km.",
    "lift_commune_exclusion": "A home in {commune} fits if the household accepts that commune.",
    "accept_fewer_bedrooms": "A home with {bedrooms} bedroom(s) within reach fits if the household accepts "
    "{bedrooms} bedroom(s).",
    "association_adds_support": "{association_id} covers a suitable home and could follow the household "
    "if it "
    "offered {support} support.",
    "raise_association_capacity": "Raising the capacity of {association_id} by one would allow a placement "
    "in home {home_id}.",
    "placement_fit": "Home {home_id} is {distance_km:.1f} km from the anchor{preferred}; fit {score} points "
    "(distance {distance}, preferred commune {preferred_points}, size {size}).",
    "alternative": "Home {home_id}, {distance_km:.1f} km away, {score} fit points{taken}.",
}


def reason(code: str, **params: Any) -> Reason:
    """A Reason with its sentence rendered from TEXTS (equal reasons are shared: thousands repeat)."""
    return sorted_reason(code, tuple(sorted(params.items())))


@lru_cache(maxsize=65536)
def sorted_reason(code: str, params: tuple[tuple[str, Any], ...]) -> Reason:
    """`reason` with its parameters as (name, value) pairs already sorted by name (for hot loops)."""
    values = dict(params)
    return Reason(code=code, text=TEXTS[code].format(**values), params=values)


@lru_cache(maxsize=1024)
def support_words(needs: frozenset[str]) -> str:
    """Support needs as words for a sentence ("addiction and housing")."""
    return " and ".join(sorted(needs)) or "general"
