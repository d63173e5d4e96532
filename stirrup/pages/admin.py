"""The admin's pages: user accounts (create, change role or organisation, disable) and
organisations. The services decide who may do what; these pages are linked for admins only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from stirrup.deps import DB
from stirrup.errors import Conflict, Forbidden, InvalidInput
from stirrup.i18n import N_, gettext
from stirrup.models import Organisation, OrganisationKind, Role, User
from stirrup.pages.forms import Form, PostedForm
from stirrup.pages.labels import choices, label, translated
from stirrup.pages.listing import list_page, member
from stirrup.pages.rendering import redirect, render
from stirrup.pages.security import CsrfChecked, PagePrincipal
from stirrup.schemas.accounts import OrganisationCreate, OrganisationUpdate, UserCreate, UserUpdate
from stirrup.services import accounts, organisations
from stirrup.services.access import Principal
from stirrup.services.listing import PageRequest

router = APIRouter(prefix="/admin", include_in_schema=False)

USER_LABELS = {
    "email": N_("E-mail"),
    "display_name": N_("Name shown"),
    "role": N_("Role"),
    "organisation_id": N_("Organisation"),
    "password": N_("First password"),
    "locale": N_("Language"),
    "is_active": N_("Active"),
}
ORGANISATION_LABELS = {
    "kind": N_("Kind"),
    "name": N_("Name"),
    "contact_email": N_("E-mail"),
    "contact_phone": N_("Phone"),
    "contact_address": N_("Address"),
}
LANGUAGES = (("fr", "Français"), ("en", "English"))


def _require_admin(principal: Principal) -> None:
    if principal.role is not Role.ADMIN:
        raise Forbidden("only admins manage accounts and organisations")


# --- users ---------------------------------------------------------------------------------------


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, db: DB, principal: PagePrincipal, role: str = "", page: int = 1) -> Response:
    _require_admin(principal)
    wanted = member(Role, role)
    found = list_page(lambda p: accounts.list_users(db, principal, wanted, p), page)
    context = {
        "users": found,
        "role": wanted.value if wanted else "",
        "filters": Form.of({"role": wanted.value if wanted else ""}),
        "roles": choices(list(Role)),
        "organisation_names": _organisation_names(db, principal),
    }
    return render(request, "admin/users.html", context, fragment="admin/_users.html")


@router.get("/users/new", response_class=HTMLResponse)
def new_user(request: Request, db: DB, principal: PagePrincipal) -> Response:
    _require_admin(principal)
    return _user_page(request, db, principal, Form.of({"locale": "fr"}), None)


@router.post("/users/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def create_user(request: Request, db: DB, principal: PagePrincipal, form: PostedForm) -> Response:
    _require_admin(principal)
    data = {
        **form.filled("email", "display_name", "role", "organisation_id", "locale"),
        "password": form.value("password"),
    }
    try:
        created = accounts.create_user(db, principal, UserCreate.model_validate(data))
    except (ValidationError, InvalidInput) as error:
        db.rollback()  # a refused save leaves nothing half-written
        return _user_page(request, db, principal, form.fail(error), None, status_code=422)
    except Conflict:
        db.rollback()
        form.errors["email"] = gettext(N_("An account with this e-mail already exists."))
        return _user_page(request, db, principal, form, None, status_code=422)
    return redirect(f"/admin/users/{created.id}", flash="user_saved")


@router.get("/users/{user_id}", response_class=HTMLResponse)
def user_page(request: Request, db: DB, principal: PagePrincipal, user_id: int) -> Response:
    _require_admin(principal)
    user = accounts.get_user(db, principal, user_id)
    values = {
        name: getattr(user, name)
        for name in ("display_name", "role", "organisation_id", "locale", "is_active")
    }
    return _user_page(request, db, principal, Form.of(values), user)


@router.post("/users/{user_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def update_user(
    request: Request, db: DB, principal: PagePrincipal, user_id: int, form: PostedForm
) -> Response:
    _require_admin(principal)
    user = accounts.get_user(db, principal, user_id)
    data: dict[str, Any] = {
        **form.filled("display_name", "role", "locale"),
        "organisation_id": form.value("organisation_id") or None,
        **form.flags("is_active"),
    }
    try:
        accounts.update_user(db, principal, user.id, UserUpdate.model_validate(data))
    except (ValidationError, InvalidInput) as error:
        db.rollback()  # a refused save leaves nothing half-written
        return _user_page(request, db, principal, form.fail(error), user, status_code=422)
    return redirect(f"/admin/users/{user.id}", flash="user_saved")


def _organisation_names(db: Session, principal: Principal) -> dict[int, str]:
    found = organisations.list_organisations(db, principal, None, PageRequest(page=1, page_size=1000))
    return {o.id: o.name for o in found.items}


def _user_page(
    request: Request, db: Session, principal: Principal, form: Form, user: User | None, status_code: int = 200
) -> Response:
    names = _organisation_names(db, principal)
    context = {
        "form": form,
        "user": user,
        "labels": translated(USER_LABELS),
        "roles": choices(list(Role)),
        "organisations": [(str(i), name) for i, name in names.items()],
        "locales": LANGUAGES,
    }
    return render(request, "admin/user.html", context, status_code=status_code)


# --- organisations -------------------------------------------------------------------------------


@router.get("/organisations", response_class=HTMLResponse)
def organisations_page(request: Request, db: DB, principal: PagePrincipal, page: int = 1) -> Response:
    _require_admin(principal)
    found = list_page(lambda p: organisations.list_organisations(db, principal, None, p), page)
    return render(request, "admin/organisations.html", {"organisations": found})


@router.get("/organisations/new", response_class=HTMLResponse)
def new_organisation(request: Request, principal: PagePrincipal) -> Response:
    _require_admin(principal)
    return _organisation_page(request, Form(), None)


@router.post("/organisations/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def create_organisation(request: Request, db: DB, principal: PagePrincipal, form: PostedForm) -> Response:
    _require_admin(principal)
    data = form.filled("kind", "name", "contact_email", "contact_phone", "contact_address")
    try:
        created = organisations.create_organisation(db, principal, OrganisationCreate.model_validate(data))
    except (ValidationError, InvalidInput) as error:
        db.rollback()  # a refused save leaves nothing half-written
        return _organisation_page(request, form.fail(error), None, status_code=422)
    except Conflict:
        db.rollback()
        form.errors["name"] = gettext(N_("An organisation with this name already exists."))
        return _organisation_page(request, form, None, status_code=422)
    return redirect(f"/admin/organisations/{created.id}", flash="organisation_saved")


@router.get("/organisations/{organisation_id}", response_class=HTMLResponse)
def organisation_page(request: Request, db: DB, principal: PagePrincipal, organisation_id: int) -> Response:
    _require_admin(principal)
    organisation = organisations.get_organisation(db, principal, organisation_id)
    fields = ("kind", "name", "contact_email", "contact_phone", "contact_address")
    return _organisation_page(request, Form.of({n: getattr(organisation, n) for n in fields}), organisation)


@router.post("/organisations/{organisation_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def update_organisation(
    request: Request, db: DB, principal: PagePrincipal, organisation_id: int, form: PostedForm
) -> Response:
    _require_admin(principal)
    organisation = organisations.get_organisation(db, principal, organisation_id)
    data: dict[str, Any] = {"name": form.value("name").strip()}
    data.update(
        {n: form.value(n).strip() or None for n in ("contact_email", "contact_phone", "contact_address")}
    )
    try:
        organisations.update_organisation(
            db, principal, organisation.id, OrganisationUpdate.model_validate(data)
        )
    except (ValidationError, InvalidInput) as error:
        db.rollback()  # a refused save leaves nothing half-written
        return _organisation_page(request, form.fail(error), organisation, status_code=422)
    except Conflict:
        db.rollback()
        form.errors["name"] = gettext(N_("An organisation with this name already exists."))
        return _organisation_page(request, form, organisation, status_code=422)
    return redirect(f"/admin/organisations/{organisation.id}", flash="organisation_saved")


def _organisation_page(
    request: Request, form: Form, organisation: Organisation | None, status_code: int = 200
) -> Response:
    context = {
        "form": form,
        "organisation": organisation,
        "labels": translated(ORGANISATION_LABELS),
        "kinds": choices(list(OrganisationKind)),
        "kind_label": label(organisation.kind) if organisation else "",
    }
    return render(request, "admin/organisation.html", context, status_code=status_code)
