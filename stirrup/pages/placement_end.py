"""The end of a placement on the site: asking the owner for an extension (and the owner's answer,
on their home's page), ending the placement with its outcome, and where the household lives 6, 12
and 24 months later. The forms are on the follow-up page (pages/followup.py)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from stirrup.deps import DB
from stirrup.errors import Conflict
from stirrup.pages.followup import SentForm, follow_up_page, valid
from stirrup.pages.forms import PostedForm
from stirrup.pages.rendering import redirect
from stirrup.pages.security import CsrfChecked, PagePrincipal, safe_next
from stirrup.pages.words import say
from stirrup.schemas.extensions import ExtensionCreate, ExtensionDecline
from stirrup.schemas.outcomes import AfterEndCheckIn, PlacementEnd
from stirrup.services import extensions, outcomes

router = APIRouter(include_in_schema=False)


@router.post("/placements/{placement_id}/extensions", dependencies=[CsrfChecked])
def request_extension(sent: SentForm) -> Response:
    """Ask the owner for more months; a home not available that long is said beside the months."""
    try:
        return sent.save(
            "ext-",
            ("months", "reason"),
            lambda data: extensions.request_extension(
                sent.db, sent.principal, sent.placement_id, valid(ExtensionCreate, data)
            ),
            "extension_requested",
        )
    except Conflict as error:
        sent.db.rollback()
        sent.form.errors["ext-months"] = say(error.message)
        return follow_up_page(sent.request, sent.db, sent.principal, sent.placement_id, {"ext-": sent.form})


@router.post("/placements/{placement_id}/extensions/{extension_id}/consent", dependencies=[CsrfChecked])
def consent(
    db: DB, principal: PagePrincipal, placement_id: int, extension_id: int, form: PostedForm
) -> Response:
    """The owner agrees, from their home's page (where they go back to)."""
    extensions.answer_extension(db, principal, placement_id, extension_id, True)
    return redirect(safe_next(form.value("back")), flash="extension_consented")


@router.post("/placements/{placement_id}/extensions/{extension_id}/decline", dependencies=[CsrfChecked])
def decline(
    db: DB, principal: PagePrincipal, placement_id: int, extension_id: int, form: PostedForm
) -> Response:
    """The owner refuses, saying why if they wish."""
    reason = valid(ExtensionDecline, form.filled("reason")).reason
    extensions.answer_extension(db, principal, placement_id, extension_id, False, reason)
    return redirect(safe_next(form.value("back")), flash="extension_declined")


@router.post("/placements/{placement_id}/end", dependencies=[CsrfChecked])
def end_placement(sent: SentForm) -> Response:
    def save(data: dict[str, str]) -> object:
        ending = valid(PlacementEnd, {**data, "home_withdrawn": sent.form.ticked("end-home_withdrawn")})
        return outcomes.end_placement(sent.db, sent.principal, sent.placement_id, ending)

    return sent.save("end-", ("ended_on", "outcome", "early_end_reason", "details"), save, "placement_ended")


@router.post("/placements/{placement_id}/after-end/{months}", dependencies=[CsrfChecked])
def record_after_end(sent: SentForm, months: int) -> Response:
    return sent.save(
        f"after{months}-",
        ("situation", "checked_on"),
        lambda data: outcomes.record_after_end(
            sent.db, sent.principal, sent.placement_id, months, valid(AfterEndCheckIn, data)
        ),
        "after_end_saved",
    )
