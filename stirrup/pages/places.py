"""Addresses checked as they are typed: the postal code and commune of a form against the offline
gazetteer (data/communes), with the communes to choose from when they do not match.

The same check serves three ways: the page's own post (no JavaScript), ``/places/check`` while the
user types (htmx), and ``/places/pick`` when a suggested commune is chosen (htmx). Only the postal
code and the commune travel in the URL, never a street or a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from stirrup.errors import NotFound
from stirrup.geography import Commune, gazetteer, normalise_name, postal_code_problem
from stirrup.i18n import N_, gettext
from stirrup.pages.forms import Form, lines
from stirrup.pages.rendering import render

router = APIRouter(include_in_schema=False)

#: The address groups of the site's forms: a home's address, a household's anchor, an
#: association's base.
PREFIXES = ("", "anchor_", "base_")
MAX_SUGGESTIONS = 12


@dataclass(frozen=True)
class Candidate:
    insee_code: str
    name: str
    postal_code: str


@dataclass(frozen=True)
class PlaceCheck:
    """What the gazetteer says of a postal code and a commune as typed."""

    found: Commune | None = None
    candidates: list[Candidate] = field(default_factory=list)
    unknown: bool = False
    problem: str | None = None  # why the pair cannot be saved, for the commune field

    @property
    def blank(self) -> bool:
        return self.found is None and not self.candidates and not self.unknown


@cache
def _regional() -> list[tuple[str, Commune]]:
    """The communes with an INSEE code and postal codes (Nord, Pas-de-Calais), by folded name."""
    return [(normalise_name(c.name), c) for c in gazetteer().communes if c.insee_code and c.postal_codes]


def _named(text: str) -> list[Commune]:
    wanted = normalise_name(text)
    return [commune for name, commune in _regional() if name.startswith(wanted)]


def _candidates(communes: list[Commune], postal_code: str | None = None) -> list[Candidate]:
    return [
        Candidate(c.insee_code, c.name, code)
        for c in communes
        if c.insee_code
        for code in c.postal_codes
        if postal_code is None or code == postal_code
    ][:MAX_SUGGESTIONS]


def check(postal_code: str, commune: str) -> PlaceCheck:
    """Match a postal code and a commune name; offer the communes that could be meant."""
    postal_code, commune = postal_code.strip(), commune.strip()
    places = gazetteer()
    if not postal_code and not commune:
        return PlaceCheck()
    if postal_code and postal_code_problem(postal_code) is None:
        found = places.find(postal_code, commune) if commune else None
        if found is not None:
            return PlaceCheck(found=found)
        at_code = places.by_postal_code(postal_code)
        wanted = normalise_name(commune)
        close = [c for c in at_code if normalise_name(c.name).startswith(wanted)] or at_code
        if close:
            return PlaceCheck(
                candidates=_candidates(close, postal_code),
                problem=N_("No commune of that name has this postal code: choose one of its communes."),
            )
        return PlaceCheck(unknown=True, problem=N_("We do not know this commune at this postal code."))
    named = _named(commune) if len(commune) >= 2 else []
    if named:
        return PlaceCheck(
            candidates=_candidates(named), problem=N_("Choose the commune and its postal code.")
        )
    return PlaceCheck(unknown=bool(commune), problem=N_("We do not know this commune at this postal code."))


def shown(form: Form, prefix: str, found: PlaceCheck | None = None) -> PlaceCheck | None:
    """What the address group of a form shows: ``found`` when already checked, else a check of
    its values (nothing while no postal code is typed)."""
    if found is None and form.value(prefix + "postal_code"):
        return check(form.value(prefix + "postal_code"), form.value(prefix + "commune"))
    return found


def check_form(form: Form, prefix: str) -> PlaceCheck:
    """Check the form's address group; a missing or wrong commune is recorded beside its field."""
    found = check(form.value(prefix + "postal_code"), form.value(prefix + "commune"))
    name = prefix + "commune"
    if found.found is None and found.problem and form.value(name) and not form.error(prefix + "postal_code"):
        form.errors.setdefault(name, gettext(found.problem))
    return found


def apply_pick(form: Form, prefix: str) -> bool:
    """Fill the group from a suggestion chosen without JavaScript (``PREFIXpick`` = "insee code");
    True when one was chosen, and the page shows the form again instead of going on."""
    picked = form.value(prefix + "pick").split()
    if len(picked) != 2:
        return False
    commune = gazetteer().by_insee(picked[0])
    if commune is None or picked[1] not in commune.postal_codes:
        return False
    form.values[prefix + "postal_code"] = [picked[1]]
    form.values[prefix + "commune"] = [commune.name]
    form.values.pop(prefix + "pick", None)
    return True


def _prefix(request: Request) -> str:
    prefix = request.query_params.get("prefix", "")
    if prefix not in PREFIXES:
        raise NotFound("no such address group")
    return prefix


@router.get("/places/check", response_class=HTMLResponse)
def check_region(request: Request) -> Response:
    """The region under the postal code and commune, refreshed as the user types."""
    prefix = _prefix(request)
    params = request.query_params
    result = check(params.get(prefix + "postal_code", "")[:5], params.get(prefix + "commune", "")[:100])
    return render(request, "places/_check.html", {"check": result, "prefix": prefix})


@router.get("/places/pick", response_class=HTMLResponse)
def pick(request: Request, insee: str = "", postal_code: str = "") -> Response:
    """The postal code and commune fields filled with the chosen commune."""
    prefix = _prefix(request)
    commune = gazetteer().by_insee(insee[:5])
    if commune is None or postal_code not in commune.postal_codes:
        raise NotFound("no such commune")
    form = Form({prefix + "postal_code": [postal_code], prefix + "commune": [commune.name]})
    return render(
        request, "places/_pick.html", {"form": form, "check": PlaceCheck(found=commune), "prefix": prefix}
    )


def communes_from_text(text: str) -> tuple[list[str], str | None]:
    """INSEE codes of communes typed by name ("Roubaix, Tourcoing"), postal code ("59100") or
    both ("Wattrelos 59150"); the first item that names no single commune, with why."""
    codes: list[str] = []
    for item in lines(text):
        found, problem = _one_commune(item)
        if found is None:
            return codes, problem
        if found.insee_code not in codes:
            codes.append(found.insee_code or "")
    return codes, None


def _one_commune(item: str) -> tuple[Commune | None, str | None]:
    digits = "".join(ch for ch in item if ch.isdigit())
    name = "".join(ch for ch in item if not ch.isdigit()).strip(" ()")
    if len(digits) == 5 and gazetteer().by_insee(digits) and not name:
        return gazetteer().by_insee(digits), None
    matches = [c for folded, c in _regional() if not name or folded == normalise_name(name)]
    if digits:
        matches = [c for c in matches if digits in c.postal_codes]
    if len(matches) == 1:
        return matches[0], None
    if not matches:
        return None, gettext(N_("We do not know the commune “%(item)s” in Nord or Pas-de-Calais.")) % {
            "item": item
        }
    return None, gettext(
        N_("Several communes match “%(item)s”: add the postal code, e.g. “%(example)s”.")
    ) % {
        "item": item,
        "example": f"{matches[0].name} {matches[0].postal_codes[0]}",
    }


def communes_to_text(codes: list[str]) -> str:
    """Stored INSEE codes as the form shows them: names, with the postal code when a name is shared."""
    shown = []
    for code in codes:
        commune = gazetteer().by_insee(code)
        shown.append(f"{commune.name} {commune.postal_codes[0]}" if commune else code)
    return ", ".join(shown)


def postal_code_of(name: str, latitude: float, longitude: float) -> str:
    """The postal code of a stored commune name (a household's anchor keeps only the name)."""
    commune = gazetteer().nearest(name, latitude, longitude)
    return commune.postal_codes[0] if commune and commune.postal_codes else ""
