"""/api/v1/users"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from stirrup.deps import DB, CurrentPrincipal, PageDep
from stirrup.models import Role
from stirrup.schemas.accounts import PasswordReset, UserCreate, UserOut, UserUpdate
from stirrup.schemas.common import Page
from stirrup.services import accounts, two_factor

router = APIRouter(prefix="/users", tags=["users"])


@router.get("", response_model=Page[UserOut], summary="Accounts (admins see all; others themselves)")
def list_users(
    db: DB, principal: CurrentPrincipal, page: PageDep, role: Annotated[Role | None, Query()] = None
) -> object:
    return accounts.list_users(db, principal, role, page)


@router.get("/me", response_model=UserOut, summary="Your own account")
def me(db: DB, principal: CurrentPrincipal) -> object:
    return accounts.get_user(db, principal, principal.user_id)


@router.patch("/me", response_model=UserOut, summary="Change your own name or language")
def update_me(db: DB, principal: CurrentPrincipal, body: UserUpdate) -> object:
    return accounts.update_user(db, principal, principal.user_id, body)


@router.post(
    "", response_model=UserOut, status_code=status.HTTP_201_CREATED, summary="Create an account (admins)"
)
def create_user(db: DB, principal: CurrentPrincipal, body: UserCreate) -> object:
    return accounts.create_user(db, principal, body)


@router.get("/{user_id}", response_model=UserOut, summary="One account")
def get_user(db: DB, principal: CurrentPrincipal, user_id: int) -> object:
    return accounts.get_user(db, principal, user_id)


@router.patch("/{user_id}", response_model=UserOut, summary="Change an account")
def update_user(db: DB, principal: CurrentPrincipal, user_id: int, body: UserUpdate) -> object:
    return accounts.update_user(db, principal, user_id, body)


@router.post(
    "/{user_id}/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Set a new password for a user who forgot theirs (admins; ends their sessions)",
)
def reset_password(db: DB, principal: CurrentPrincipal, user_id: int, body: PasswordReset) -> None:
    accounts.reset_password(db, principal, user_id, body)


@router.delete(
    "/{user_id}/two-factor",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Clear a user's two-factor sign-in, e.g. after a lost phone (admins; ends their sessions)",
)
def reset_two_factor(db: DB, principal: CurrentPrincipal, user_id: int) -> None:
    two_factor.reset(db, principal, user_id)
