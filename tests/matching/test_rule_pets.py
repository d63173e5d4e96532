from matching import solve
from tests.matching.factories import home, household, pairs, problem


def test_pets_need_a_home_that_allows_them():
    homes = [home("no_pets"), home("pets_ok", pets_allowed=True, lat=50.66)]
    assert pairs(solve(problem([household("h1", pets=True)], homes))) == {("h1", "pets_ok")}
    s = solve(problem([household("h1", pets=True)], [home("no_pets")]))
    assert [r.code for r in s.unmatched["h1"]] == ["homes_without_pets"]
