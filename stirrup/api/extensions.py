"""/api/v1/placements/{id}/extensions: asked for by the follow-up team, answered by the owner."""

from __future__ import annotations

from fastapi import APIRouter, status

from stirrup.deps import DB, CurrentPrincipal
from stirrup.schemas.extensions import ExtensionCreate, ExtensionDecline, ExtensionOut
from stirrup.services import extensions

router = APIRouter(prefix="/placements/{placement_id}/extensions", tags=["extensions"])


@router.get("", response_model=list[ExtensionOut], summary="Extensions asked for and their answers")
def list_extensions(db: DB, principal: CurrentPrincipal, placement_id: int) -> object:
    return [extensions.view(e) for e in extensions.list_extensions(db, principal, placement_id)]


@router.post(
    "",
    response_model=ExtensionOut,
    status_code=status.HTTP_201_CREATED,
    summary="Ask the owner to extend the placement by whole months",
)
def request_extension(
    db: DB, principal: CurrentPrincipal, placement_id: int, body: ExtensionCreate
) -> object:
    return extensions.view(extensions.request_extension(db, principal, placement_id, body))


@router.post(
    "/{extension_id}/consent",
    response_model=ExtensionOut,
    summary="The owner consents: the planned end moves by the months asked for",
)
def consent(db: DB, principal: CurrentPrincipal, placement_id: int, extension_id: int) -> object:
    return extensions.view(extensions.answer_extension(db, principal, placement_id, extension_id, True))


@router.post("/{extension_id}/decline", response_model=ExtensionOut, summary="The owner declines")
def decline(
    db: DB, principal: CurrentPrincipal, placement_id: int, extension_id: int, body: ExtensionDecline
) -> object:
    answer = extensions.answer_extension(db, principal, placement_id, extension_id, False, body.reason)
    return extensions.view(answer)
