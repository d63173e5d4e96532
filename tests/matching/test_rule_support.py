from matching import Locked, check, explain, solve
from matching.synthetic import synthetic_problem
from tests.matching.factories import LAT, association, home, household, north_km, pairs, problem


def test_association_must_offer_the_support_and_cover_the_home():
    assocs = [association("general"), association("addiction", support_offered=frozenset({"addiction"}))]
    s = solve(problem([household("h1", support_needs=frozenset({"addiction"}))], [home("m1")], assocs))
    assert [p.association_id for p in s.placements] == ["addiction"]


def test_commune_list_covers_a_home_outside_the_radius():
    assocs = [association("a1", radius_km=1, communes=frozenset({"Arras"}))]
    far_home = home("m1", lat=LAT + north_km(8), commune="Arras")
    assert pairs(solve(problem([household("h1")], [far_home], assocs))) == {("h1", "m1")}


def test_capacity_counts_current_load_and_locked_placements():
    assocs = [association("a1", capacity=2, current_load=1)]
    hhs = [household("h0"), household("h1", priority=5), household("h2", priority=4)]
    homes = [home("m0"), home("m1"), home("m2")]
    p = problem(hhs, homes, assocs, locked=(Locked("h0", "m0", "a1"),))
    s = solve(p)
    assert pairs(s) == {("h0", "m0")}
    assert s.unmatched["h1"][0].code == "associations_full"
    assert check(p, s) == []
    assert explain(p, s, "h1").unlocks[-1].code == "raise_association_capacity"


def test_an_urgent_household_is_never_traded_for_less_urgent_ones():
    # One association with room for one: A (priority 2) needs it, B and C (priority 1) could both be placed
    # without it only if A is not. Lexicographic: A alone.
    assocs = [
        association("x", capacity=1, support_offered=frozenset({"s"})),
        association("y", capacity=1, lat=LAT + north_km(5), radius_km=4.5),
    ]
    hhs = [
        household("A", priority=2, support_needs=frozenset({"s"})),
        household("B", priority=1, max_km=0.5),
        household("C", priority=1, lat=LAT + north_km(5)),
    ]
    homes = [home("h1", lat=LAT + north_km(0.1)), home("h2", lat=LAT + north_km(5))]
    s = solve(problem(hhs, homes, assocs))
    assert s.placed_by_priority[2] == 1


def test_a_suitable_home_no_association_covers_suggests_no_support_to_add():
    # The home passes every rule but the association one, and no association covers it at all:
    # no association can "add support" there (found in a synthetic round, where it raised).
    far = association("far", lat=LAT + north_km(50), radius_km=5)
    near_home = home("m1")
    p = problem([household("h1", support_needs=frozenset({"addiction"}))], [near_home], [far])
    s = solve(p)
    assert s.unmatched["h1"][0].code == "no_association_for_homes"
    assert "association_adds_support" not in [u.code for u in explain(p, s, "h1").unlocks]


def test_every_household_of_a_synthetic_round_is_explained() -> None:
    p = synthetic_problem(80, 120, 6, seed=1)
    s = solve(p)
    explained = [explain(p, s, h.id) for h in p.households]
    assert all(e.reasons or e.placement for e in explained)
