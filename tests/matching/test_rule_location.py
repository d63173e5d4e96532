import numpy as np
from geopy.distance import geodesic

from matching import explain, solve
from matching.geodesy import distance_km
from tests.matching.factories import LAT, LON, home, household, north_km, pairs, problem


def test_distance_limit_and_excluded_communes():
    homes = [
        home("far", lat=LAT + north_km(12)),
        home("excluded", commune="Roubaix"),
        home("ok", lat=LAT + north_km(5)),
    ]
    h = household("h1", excluded_communes=frozenset({"Roubaix"}))
    assert pairs(solve(problem([h], homes))) == {("h1", "ok")}


def test_preferred_commune_scores_higher():
    homes = [home("near", lat=LAT + north_km(0.5)), home("liked", commune="Lomme", lat=LAT + north_km(3))]
    s = solve(problem([household("h1", preferred_communes=frozenset({"Lomme"}))], homes))
    assert pairs(s) == {("h1", "liked")}


def test_unlock_names_the_distance_to_allow():
    p = problem([household("h1", max_km=10)], [home("m1", lat=LAT + north_km(14.2))])
    s = solve(p)
    assert [r.code for r in s.unmatched["h1"]] == ["no_home_within_reach"]
    (unlock,) = explain(p, s, "h1").unlocks
    assert unlock.code == "raise_max_km" and unlock.params["new_max_km"] == 15


def test_distance_agrees_with_geopy_within_a_thousandth():
    rng = np.random.default_rng(3)
    for _ in range(200):
        lat1, lon1 = rng.uniform(-70, 70), rng.uniform(-180, 180)
        lat2, lon2 = lat1 + rng.normal(0, 0.5), lon1 + rng.normal(0, 0.5)
        ours = distance_km(lat1, lon1, lat2, lon2, 1e9)
        assert abs(ours - geodesic((lat1, lon1), (lat2, lon2)).km) <= 1e-3 * ours + 1e-9


def test_the_boundary_is_decided_by_the_exact_geodesic():
    target = geodesic((LAT, LON), (LAT + north_km(10), LON)).km
    inside = solve(
        problem([household("h1", max_km=target + 1e-6)], [home("m1", lat=LAT + north_km(10), lon=LON)])
    )
    outside = solve(
        problem([household("h1", max_km=target - 1e-6)], [home("m1", lat=LAT + north_km(10), lon=LON)])
    )
    assert len(inside.placements) == 1 and outside.placements == ()
