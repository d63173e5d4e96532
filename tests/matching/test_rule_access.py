from matching import solve
from tests.matching.factories import home, household, pairs, problem


def test_wheelchair_user_only_gets_an_accessible_home():
    homes = [home("plain"), home("accessible", wheelchair_accessible=True, lat=50.66)]
    assert pairs(solve(problem([household("h1", wheelchair=True)], homes))) == {("h1", "accessible")}


def test_no_stairs_accepts_ground_floor_lift_or_step_free():
    homes = [home("upstairs", floor=3), home("lift", floor=3, lift=True, lat=50.66)]
    assert pairs(solve(problem([household("h1", no_stairs=True)], homes))) == {("h1", "lift")}


def test_no_accessible_home_is_explained():
    s = solve(problem([household("h1", wheelchair=True)], [home("m1")]))
    assert [r.code for r in s.unmatched["h1"]] == ["homes_not_accessible"]
