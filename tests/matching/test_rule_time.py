from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from matching import solve
from matching.rules import six_months_later
from tests.matching.factories import home, household, pairs, problem


def test_start_is_the_latest_date_and_end_six_calendar_months_later():
    h = household("h1", earliest_start=date(2025, 8, 31))
    s = solve(problem([h], [home("m1", available_from=date(2025, 8, 1))]))
    (p,) = s.placements
    assert (p.start, p.end) == (date(2025, 8, 31), date(2026, 2, 28))


def test_home_must_be_available_until_the_end():
    h = household("h1")  # starts 31 January 2025, ends 31 July 2025
    homes = [
        home("short", available_until=date(2025, 7, 30)),
        home("exact", available_until=date(2025, 7, 31), lat=50.66),
    ]
    assert pairs(solve(problem([h], homes))) == {("h1", "exact")}
    s = solve(problem([h], [homes[0]]))
    assert [r.code for r in s.unmatched["h1"]] == ["homes_not_available"]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_six_months_matches_relativedelta_across_month_ends(day):
    import numpy as np
    from dateutil.relativedelta import relativedelta

    assert six_months_later(np.array([day.toordinal()]))[0] == (day + relativedelta(months=6)).toordinal()
