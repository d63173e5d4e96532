"""Matching rounds on the site, for coordinators: start one over a territory with the solver's
options, watch it run (htmx asks for its state every two seconds; without JavaScript a button
reloads the page), then read its result — the solver's status and gap, timings, counts, each
proposal with why this home, and the households left without one with their reasons."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from stirrup.deps import DB, SettingsDep
from stirrup.errors import Conflict, InvalidInput
from stirrup.i18n import N_, gettext
from stirrup.models import MatchingRun, MatchingRunStatus
from stirrup.pages import places
from stirrup.pages.forms import Form, PostedForm
from stirrup.pages.labels import translated
from stirrup.pages.listing import list_page
from stirrup.pages.rendering import redirect, render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.schemas.rounds import RoundCreate
from stirrup.services import proposal_views, round_runs, unmatched
from stirrup.services.listing import PageRequest

router = APIRouter(include_in_schema=False)

NUMBERS = (
    "time_limit_s",
    "max_radius_km",
    "weights.distance",
    "weights.preferred_commune",
    "weights.size_fit",
)
LABELS = {
    "territory": N_("Where"),
    "territory.kind": N_("Where"),
    "territory.departement": N_("Département"),
    "territory.communes": N_("Communes"),
    "time_limit_s": N_("Longest search (seconds)"),
    "max_radius_km": N_("Search radius (km)"),
    "weights": N_("Weights"),
    "weights.distance": N_("Closeness"),
    "weights.preferred_commune": N_("A commune the household prefers"),
    "weights.size_fit": N_("A size that fits"),
}
TERRITORIES = (
    ("all", N_("Everywhere")),
    ("departement", N_("One département")),
    ("communes", N_("Some communes")),
)
SOLVER_STATUSES = {
    "optimal": N_("the best placements possible (proven)"),
    "feasible": N_("good placements, not proven the best"),
    "timed_out": N_("the best placements found in the time allowed"),
    "infeasible": N_("no solution: the placements already agreed break a rule"),
    "invalid_input": N_("not solved: the data could not be read"),
}
TIMINGS = {
    "tables": N_("Reading"),
    "candidates": N_("Finding the possible pairs"),
    "build": N_("Building the model"),
    "solve": N_("Solving"),
    "explain": N_("Explaining"),
    "total": N_("Total"),
}
COUNTS = {
    "households": N_("Households waiting"),
    "homes": N_("Homes available"),
    "associations": N_("Associations"),
    "locked": N_("Placements kept as they are"),
    "forbidden": N_("Pairs declined before"),
    "candidate_pairs": N_("Possible pairs"),
    "proposals": N_("New proposals"),
    "confirmed": N_("Unanswered proposals kept"),
    "superseded": N_("Unanswered proposals replaced"),
    "skipped": N_("Skipped (taken meanwhile)"),
    "unmatched": N_("Households without a proposal"),
}
#: Rows of a round's lists shown on its page.
SHOWN = 25


@router.get("/rounds", response_class=HTMLResponse)
def list_rounds(request: Request, db: DB, principal: PagePrincipal, page: int = 1) -> Response:
    found = list_page(lambda p: round_runs.list_rounds(db, principal, p), page)
    context = {"rounds": found, "items": [summary(run) for run in found.items]}
    return render(request, "rounds/list.html", context, fragment="rounds/_list.html")


@router.get("/rounds/new", response_class=HTMLResponse)
def new_round(request: Request, principal: PagePrincipal) -> Response:
    round_runs.check_coordinator(principal)
    defaults = Form.of(
        {
            "territory.kind": "all",
            "time_limit_s": 30,
            "weights.distance": 40,
            "weights.preferred_commune": 30,
            "weights.size_fit": 30,
            "replace_unanswered": True,
        }
    )
    return _form_page(request, defaults)


@router.post("/rounds/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def start_round(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    settings: SettingsDep,
    background: BackgroundTasks,
    form: PostedForm,
) -> Response:
    round_runs.check_coordinator(principal)
    try:
        run = round_runs.start_round(db, principal, _schema_input(form), settings)
    except (ValidationError, InvalidInput) as error:
        db.rollback()  # nothing is started
        return _form_page(request, form.fail(error), status_code=422)
    except Conflict:
        db.rollback()
        notice = gettext(N_("A round is already running on this territory, or on one that overlaps it."))
        return _form_page(request, form, notice=notice, status_code=409)
    background.add_task(request.app.state.round_runner.submit, run.id)  # once committed
    return redirect(f"/rounds/{run.id}", flash="round_started")


@router.get("/rounds/{round_id}", response_class=HTMLResponse)
def round_page(request: Request, db: DB, principal: PagePrincipal, round_id: int, page: int = 1) -> Response:
    run = round_runs.get_round(db, principal, round_id)
    shown = summary(run)
    context: dict[str, Any] = {"run": shown, "result": _result(shown)}
    if run.status is MatchingRunStatus.DONE:
        found = list_page(lambda p: round_runs.round_proposals(db, principal, run.id, None, p), page)
        context["proposals"] = found
        context["items"] = [proposal_views.view(principal, p) for p in found.items]
        context["unmatched"] = unmatched.for_round(db, principal, run.id, PageRequest(page_size=SHOWN))
    return render(request, "rounds/detail.html", context, fragment="rounds/_state.html")


@router.get("/rounds/{round_id}/unmatched", response_class=HTMLResponse)
def round_unmatched(
    request: Request, db: DB, principal: PagePrincipal, round_id: int, page: int = 1
) -> Response:
    run = round_runs.get_round(db, principal, round_id)
    found = list_page(lambda p: unmatched.for_round(db, principal, run.id, p), page)
    context = {"run": summary(run), "unmatched": found}
    return render(request, "rounds/unmatched.html", context, fragment="rounds/_unmatched_page.html")


@router.post("/rounds/{round_id}/restart", response_class=HTMLResponse, dependencies=[CsrfChecked])
def restart_round(
    request: Request,
    db: DB,
    principal: PagePrincipal,
    settings: SettingsDep,
    background: BackgroundTasks,
    round_id: int,
) -> Response:
    run = round_runs.restart_round(db, principal, round_id, settings)
    background.add_task(request.app.state.round_runner.submit, run.id)
    return redirect(f"/rounds/{run.id}", flash="round_started")


def _schema_input(form: Form) -> RoundCreate:
    """The form as RoundCreate reads it; communes typed by name become INSEE codes, and only the
    territory's chosen kind sends its details."""
    kind = form.value("territory.kind")
    territory: dict[str, Any] = {"kind": kind or "all"}
    if kind == "departement":
        territory["departement"] = form.value("territory.departement").strip().upper() or None
    if kind == "communes":
        codes, problem = places.communes_from_text(form.value("territory.communes"))
        if problem:
            raise InvalidInput.field("territory.communes", problem)
        territory["communes"] = codes
    numbers = form.numbers(*NUMBERS)
    weights = {key.removeprefix("weights."): value for key, value in numbers.items() if "." in key}
    return RoundCreate.model_validate(
        {
            "territory": territory,
            **{key: value for key, value in numbers.items() if "." not in key},
            "weights": weights,
            "replace_unanswered": form.ticked("replace_unanswered"),
        }
    )


def _form_page(request: Request, form: Form, notice: str | None = None, status_code: int = 200) -> Response:
    context = {
        "form": form,
        "labels": translated(LABELS),
        "territories": [(value, gettext(words)) for value, words in TERRITORIES],
        "notice": notice,
    }
    return render(request, "rounds/form.html", context, status_code=status_code)


def summary(run: MatchingRun) -> dict[str, Any]:
    """A round as the pages show it: the API's view, with its territory in words."""
    return {**round_runs.view(run), "where": territory_words(run.territory)}


def territory_words(territory: dict[str, Any]) -> str:
    if territory.get("kind") == "departement":
        return gettext(N_("Département %(code)s")) % {"code": territory.get("departement")}
    if territory.get("kind") == "communes":
        return places.communes_to_text(list(territory.get("communes", [])))
    return gettext(N_("Everywhere"))


def _result(view: dict[str, Any]) -> dict[str, Any]:
    """The figures of a finished round, each with its words."""
    status = view["solver_status"]
    return {
        "solver": gettext(SOLVER_STATUSES[status]) if status in SOLVER_STATUSES else status,
        "counts": _worded(COUNTS, view["counts"]),
        "timings": _worded(TIMINGS, view["timings_s"]),
        "by_priority": sorted(view["placed_by_priority"].items(), reverse=True),
    }


def _worded(words: dict[str, str], values: dict[str, Any]) -> list[tuple[str, Any]]:
    """The values a table has words for, in its order, each with its words."""
    return [(gettext(text), values[key]) for key, text in words.items() if key in values]
