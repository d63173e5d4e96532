"""Turning an address into coordinates, online when configured and always offline as a fallback.

The offline gazetteer answers at commune level; the French national address service (BAN, through
geopy) answers at address or street level when ``STIRRUP_GEOCODER=ban``. A timeout or error of the
online service never fails the request: the commune-level answer is used and its precision recorded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from geopy.exc import GeopyError
from geopy.geocoders import BANFrance

from stirrup.errors import InvalidInput
from stirrup.geography import gazetteer, normalise_name, postal_code_problem
from stirrup.models import GeocodePrecision

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    precision: GeocodePrecision
    commune: str
    insee_code: str | None


class Geocoder(Protocol):
    def locate(self, street: str, postal_code: str, commune: str) -> Location: ...


class GazetteerGeocoder:
    """Commune-level geocoding from the project's own data: works with no network at all."""

    def locate(self, street: str, postal_code: str, commune: str) -> Location:
        problem = postal_code_problem(postal_code)
        if problem:
            raise InvalidInput.field("postal_code", problem)
        found = gazetteer().find(postal_code, commune)
        if found is None:
            known = ", ".join(c.name for c in gazetteer().by_postal_code(postal_code)[:8])
            hint = f" (communes at {postal_code}: {known})" if known else ""
            raise InvalidInput.field(
                "commune", f"unknown commune {commune!r} for postal code {postal_code}{hint}"
            )
        return Location(
            found.latitude, found.longitude, GeocodePrecision.COMMUNE, found.name, found.insee_code
        )


_BAN_PRECISION = {
    "housenumber": GeocodePrecision.ADDRESS,
    "street": GeocodePrecision.STREET,
    "locality": GeocodePrecision.STREET,
    "municipality": GeocodePrecision.COMMUNE,
}


class BanGeocoder:
    """The national address base (api-adresse.data.gouv.fr), falling back to the gazetteer."""

    def __init__(self, timeout_s: float, fallback: Geocoder | None = None) -> None:
        self._ban = BANFrance(timeout=timeout_s)
        self._fallback = fallback or GazetteerGeocoder()

    def locate(self, street: str, postal_code: str, commune: str) -> Location:
        coarse = self._fallback.locate(street, postal_code, commune)  # validates the commune first
        try:
            found = self._ban.geocode(f"{street}, {postal_code} {commune}", exactly_one=True)
        except (GeopyError, OSError) as error:
            log.warning(
                "BAN geocoder unavailable (%s); using commune-level coordinates", type(error).__name__
            )
            return coarse
        if found is None:
            return coarse
        properties = found.raw.get("properties", {})
        precision = _BAN_PRECISION.get(properties.get("type", ""), GeocodePrecision.COMMUNE)
        return Location(
            found.latitude,
            found.longitude,
            precision,
            properties.get("city", coarse.commune),
            properties.get("citycode", coarse.insee_code),
        )


class CommuneCache:
    """A geocoder answering at commune level, asking the wrapped one once per commune: for imports
    of many rows, where an address-level lookup per row would take hours. The wrapped geocoder's
    refusals (an unknown commune, a wrong postal code) are remembered and raised again."""

    def __init__(self, geocoder: Geocoder) -> None:
        self._geocoder = geocoder
        self._found: dict[tuple[str, str], Location | InvalidInput] = {}
        self._spelt: dict[tuple[str, str], Location | InvalidInput] = {}  # as written, to skip folding

    def locate(self, street: str, postal_code: str, commune: str) -> Location:
        found = self._spelt.get((postal_code, commune))
        if found is None:
            key = (postal_code, normalise_name(commune))
            if key not in self._found:
                try:
                    self._found[key] = self._geocoder.locate("", postal_code, commune)
                except InvalidInput as error:
                    self._found[key] = error
            found = self._spelt[(postal_code, commune)] = self._found[key]
        if isinstance(found, InvalidInput):
            raise InvalidInput(found.problems)  # a fresh error: re-raising one grows its traceback
        return found


def make_geocoder(kind: str, timeout_s: float) -> Geocoder:
    return BanGeocoder(timeout_s) if kind == "ban" else GazetteerGeocoder()


@dataclass(frozen=True)
class Point:
    commune: str
    latitude: float
    longitude: float
    insee_code: str | None = None


def place(
    geocoder: Geocoder,
    postal_code: str | None,
    commune: str,
    latitude: float | None,
    longitude: float | None,
    current: Point,
) -> Point:
    """Where a household's anchor or an association's base is: its commune geocoded when a postal
    code is given, moved to exact coordinates when those are given too."""
    point = current
    if postal_code is not None:
        location = geocoder.locate("", postal_code, commune)
        point = Point(location.commune, location.latitude, location.longitude, location.insee_code)
    if latitude is not None and longitude is not None:
        point = Point(point.commune, latitude, longitude, point.insee_code)
    return point


def placed(
    geocoder: Geocoder,
    data: Any,
    prefix: str,
    columns: tuple[str, ...] = ("commune", "latitude", "longitude"),
) -> dict[str, Any]:
    """The ``columns`` of a new point named ``prefix`` (a household's ``anchor``, an association's
    ``base``) — its commune, coordinates and maybe INSEE code — from the ``{prefix}_postal_code``,
    ``_commune``, ``_latitude`` and ``_longitude`` fields of ``data``."""
    point = place(
        geocoder,
        getattr(data, f"{prefix}_postal_code"),
        getattr(data, f"{prefix}_commune"),
        getattr(data, f"{prefix}_latitude"),
        getattr(data, f"{prefix}_longitude"),
        Point(getattr(data, f"{prefix}_commune"), 0.0, 0.0),
    )
    return {f"{prefix}_{name}": getattr(point, name) for name in columns}
