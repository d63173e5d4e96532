"""`explain_many`: the explanations of a whole round at once, the same as one by one."""

import sys

from matching import Options, explain, explain_many, solve
from matching.synthetic import synthetic_problem
from tests.matching.factories import association, home, household, north_km, problem


def test_many_at_once_in_small_batches_are_the_explanations_one_by_one(monkeypatch):
    p = synthetic_problem(120, 200, 2, seed=0)
    s = solve(p, Options(time_limit_s=20))
    one_by_one = {h.id: explain(p, s, h.id) for h in p.households}
    module = sys.modules["matching.explain"]  # the package's `explain` is the function
    monkeypatch.setattr(module, "_BATCH_PAIRS", 7 * len(p.homes))  # batches of 6 households
    together = explain_many(p, s, [h.id for h in p.households])
    assert together == one_by_one
    # Every kind of outcome is covered: placements with alternatives, and unlocks of several kinds.
    assert any(e.alternatives for e in together.values())
    assert len({u.code for e in together.values() for u in e.unlocks}) == 4  # no commune is excluded


def test_nearest_looks_at_the_nearest_homes_within_reach_and_the_margin_only():
    # A household too far from every home: the 2 nearest within 10 + 6 km are looked at, no farther.
    homes = [home(f"m{k}", lat=household().lat + north_km(k)) for k in (11, 12, 13, 30)]
    p = problem([household("h1", max_km=10.0)], homes, [association(radius_km=60.0)])
    s = solve(p)
    assert not s.placements
    (unlock,) = explain_many(p, s, ["h1"], nearest=2, margin_km=6.0)["h1"].unlocks
    assert (unlock.code, unlock.params["home_id"]) == ("raise_max_km", "m11")
    assert 10.9 < unlock.params["distance_km"] < 11.1
    assert explain_many(p, s, ["h1"], nearest=4, margin_km=0.5)["h1"].unlocks == ()  # m11 is 11 km away
    # Without `nearest`, every home is looked at, whatever the distance.
    assert explain_many(p, s, ["h1"])["h1"].unlocks == (unlock,)


def test_a_placed_household_always_sees_its_own_home_even_beyond_the_nearest():
    near = [
        home(f"n{k}", lat=household().lat + north_km(0.1 * k), bedrooms=6, max_occupants=8) for k in (1, 2, 3)
    ]
    mine = home("mine", lat=household().lat + north_km(5))  # the only one of the right size
    p = problem([household("h1")], [*near, mine])
    s = solve(p, Options(weight_distance=0))
    assert [pl.home_id for pl in s.placements] == ["mine"]
    explained = explain_many(p, s, ["h1"], nearest=1)["h1"]
    assert explained.placement is not None and explained.placement.home_id == "mine"
    assert [a.home_id for a in explained.alternatives] == ["n1"]  # the one nearest home, a poorer fit
