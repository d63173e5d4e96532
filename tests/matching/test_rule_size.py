from matching import solve
from matching.norms import load_norms
from tests.matching.factories import home, household, pairs, problem


def test_norms_come_from_the_data_file():
    norms = load_norms()
    assert [norms.surface_for(n) for n in (1, 2, 3, 8, 12)] == [9, 16, 25, 70, 70]


def test_too_few_bedrooms_occupants_or_surface_are_refused():
    h = household("h1", persons=3, bedrooms_needed=2)
    homes = [
        home("few_bedrooms", bedrooms=1),
        home("few_occupants", max_occupants=2),
        home("too_small", surface_m2=24.0),
        home("fits", surface_m2=25.0),
    ]
    s = solve(problem([h], homes))
    assert pairs(s) == {("h1", "fits")}


def test_explains_when_every_home_is_too_small():
    s = solve(problem([household("h1", persons=3, bedrooms_needed=3)], [home("m1")]))
    (r,) = s.unmatched["h1"]
    assert r.code == "homes_too_small"
    assert r.params["bedrooms"] == 3 and r.params["surface_m2"] == 25
