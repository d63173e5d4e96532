"""Geocoding: offline by default, the national address service when asked, and a fallback that
never lets the network fail a request."""

from __future__ import annotations

from typing import ClassVar

import pytest
from geopy.exc import GeocoderTimedOut

from stirrup.errors import InvalidInput
from stirrup.geography import gazetteer, postal_code_problem
from stirrup.models import GeocodePrecision
from stirrup.services.geocoding import BanGeocoder, GazetteerGeocoder


def test_offline_geocoder_answers_at_commune_level() -> None:
    location = GazetteerGeocoder().locate("12 rue de l'Épeule", "59100", "roubaix")
    assert location.insee_code == "59512" and location.commune == "Roubaix"
    assert location.precision is GeocodePrecision.COMMUNE
    assert abs(location.latitude - 50.69) < 0.05 and abs(location.longitude - 3.18) < 0.05


@pytest.mark.parametrize(
    ("postal", "name", "code"),
    [
        ("59000", "Lille", "59350"),
        ("59650", "Villeneuve d'Ascq", "59009"),
        ("62000", "ARRAS", "62041"),
        ("59200", "Tourcoing", "59599"),
    ],
)
def test_names_are_matched_whatever_their_spelling(postal: str, name: str, code: str) -> None:
    assert GazetteerGeocoder().locate("", postal, name).insee_code == code


def test_elsewhere_in_france_is_located_by_name() -> None:
    location = GazetteerGeocoder().locate("", "35000", "Rennes")
    assert location.insee_code is None and abs(location.latitude - 48.11) < 0.05


def test_unknown_commune_is_a_clear_error_with_the_communes_at_that_code() -> None:
    with pytest.raises(InvalidInput) as raised:
        GazetteerGeocoder().locate("", "59100", "Lille")
    assert raised.value.problems[0].field == "commune"
    assert "Roubaix" in raised.value.problems[0].message


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("59100", True),
        ("20000", True),
        ("97400", True),
        ("98000", True),
        ("00100", False),
        ("96000", False),
        ("5910", False),
        ("5910A", False),
    ],
)
def test_postal_codes(code: str, ok: bool) -> None:
    assert (postal_code_problem(code) is None) is ok


class _FailingBan:
    def geocode(self, *args: object, **kwargs: object) -> object:
        raise GeocoderTimedOut("no network")


class _Answer:
    latitude, longitude = 50.6901, 3.1702
    raw: ClassVar = {"properties": {"type": "housenumber", "city": "Roubaix", "citycode": "59512"}}


class _WorkingBan:
    def geocode(self, *args: object, **kwargs: object) -> object:
        return _Answer()


def test_ban_timeout_falls_back_to_the_commune() -> None:
    geocoder = BanGeocoder(timeout_s=1)
    geocoder._ban = _FailingBan()  # type: ignore[assignment]
    location = geocoder.locate("12 rue de l'Épeule", "59100", "Roubaix")
    assert location.precision is GeocodePrecision.COMMUNE and location.insee_code == "59512"


def test_ban_answer_records_address_precision() -> None:
    geocoder = BanGeocoder(timeout_s=1)
    geocoder._ban = _WorkingBan()  # type: ignore[assignment]
    location = geocoder.locate("12 rue de l'Épeule", "59100", "Roubaix")
    assert location.precision is GeocodePrecision.ADDRESS and location.latitude == 50.6901


def test_gazetteer_covers_nord_and_pas_de_calais() -> None:
    codes = {c.insee_code[:2] for c in gazetteer().communes if c.insee_code}
    assert codes == {"59", "62"}
    assert len([c for c in gazetteer().communes if c.insee_code]) > 1500
