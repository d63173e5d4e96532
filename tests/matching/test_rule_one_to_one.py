from matching import Locked, Status, check, solve
from tests.matching.factories import home, household, pairs, problem


def test_each_home_goes_to_one_household_and_the_more_urgent_wins():
    p = problem([household("h1", priority=2), household("h2", priority=5)], [home("m1")])
    s = solve(p)
    assert s.status == Status.OPTIMAL
    assert pairs(s) == {("h2", "m1")}
    assert [r.code for r in s.unmatched["h1"]] == ["homes_taken_by_higher_priority"]


def test_locked_placements_are_kept_and_their_home_is_not_reused():
    p = problem(
        [household("h1"), household("h2", priority=5)],
        [home("m1"), home("m2")],
        locked=(Locked("h1", "m1", "a1"),),
    )
    s = solve(p)
    assert pairs(s) == {("h1", "m1"), ("h2", "m2")}
    assert next(x for x in s.placements if x.household_id == "h1").locked
    assert check(p, s) == []


def test_declined_pairs_are_never_proposed():
    p = problem([household("h1")], [home("m1")], forbidden=frozenset({("h1", "m1")}))
    s = solve(p)
    assert s.placements == ()
    assert [r.code for r in s.unmatched["h1"]] == ["pairs_declined"]


def test_a_home_locked_twice_makes_the_round_infeasible():
    p = problem(
        [household("h1"), household("h2")],
        [home("m1")],
        locked=(Locked("h1", "m1", "a1"), Locked("h2", "m1", "a1")),
    )
    s = solve(p)
    assert s.status == Status.INFEASIBLE
    assert s.messages
