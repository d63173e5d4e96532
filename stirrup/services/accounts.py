"""Accounts: signing in and out, passwords, and the admin's management of users."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stirrup import clock
from stirrup.config import Settings
from stirrup.errors import (
    Conflict,
    FieldProblem,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    SecondFactorRequired,
)
from stirrup.models import AuthSession, Organisation, OrganisationKind, Role, SessionKind, User
from stirrup.schemas.accounts import PasswordChange, PasswordReset, UserCreate, UserUpdate
from stirrup.services import access, audit, passwords, sessions, throttle, two_factor
from stirrup.services.access import Principal
from stirrup.services.listing import Page, PageRequest, paginate

#: The kind of organisation each role belongs to; None means "may have none".
ROLE_ORGANISATION = {
    Role.LANDLORD: OrganisationKind.LANDLORD_COMPANY,
    Role.SOCIAL_WORKER: OrganisationKind.SOCIAL_SERVICE,
    Role.ASSOCIATION_STAFF: OrganisationKind.PARTNER_ASSOCIATION,
    Role.COORDINATOR: OrganisationKind.COORDINATION_BODY,
    Role.ADMIN: None,
}
#: Roles that cannot work without an organisation (it is their tenant).
_ORGANISATION_REQUIRED = {Role.SOCIAL_WORKER, Role.ASSOCIATION_STAFF}

SORTABLE = {
    "id": User.id,
    "email": User.email,
    "display_name": User.display_name,
    "role": User.role,
    "created_at": User.created_at,
}

INVALID_CREDENTIALS = "invalid e-mail or password"
INVALID_CODE = "invalid or already used code"
CODE_REQUIRED = (
    "this account uses two-factor sign-in: send the 6-digit code of your authenticator app, "
    "or one of your recovery codes, as 'code'"
)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def sign_in(
    db: Session, email: str, password: str, kind: SessionKind, settings: Settings, code: str | None = None
) -> tuple[str, AuthSession, User]:
    """Check the credentials (and the one-time code when the account has two-factor sign-in) and
    open a new session, in one call: the API's way of signing in."""
    user = check_password(db, email, password, settings)
    if user.has_two_factor:
        if not code:
            raise SecondFactorRequired(CODE_REQUIRED)
        check_code(db, user, code, settings)
    return open_session(db, user, kind, settings)


def check_password(db: Session, email: str, password: str, settings: Settings) -> User:
    """The account these credentials open. Unknown e-mail and wrong password get the same answer
    in the same time, and both count towards the throttle of that e-mail and of the address."""
    keys = [throttle.account_key(email), throttle.address_key(audit.client_address.get())]
    throttle.check(db, keys, settings)
    user = db.scalar(select(User).where(User.email == normalise_email(email)))
    valid = passwords.verify_password(user.password_hash if user else None, password)
    if user is None or not valid or not user.is_active:
        throttle.record_failure(db, keys, settings)
        audit.record(db, None, "login_failed", "user", user.id if user else None)
        raise NotAuthenticated(INVALID_CREDENTIALS)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def check_code(db: Session, user: User, code: str, settings: Settings) -> None:
    """Accept the second factor of ``user``; a wrong code counts as a failed sign-in."""
    keys = [throttle.account_key(user.email), throttle.address_key(audit.client_address.get())]
    throttle.check(db, keys, settings)
    if not two_factor.verify(db, user, code):
        throttle.record_failure(db, keys, settings)
        audit.record(db, None, "login_failed", "user", user.id, step="code")
        raise NotAuthenticated(INVALID_CODE)


def open_session(
    db: Session, user: User, kind: SessionKind, settings: Settings
) -> tuple[str, AuthSession, User]:
    """A new session for a user who proved who they are. A role that needs two-factor sign-in
    without having set it up gets a session limited to the enrolment."""
    throttle.clear(db, throttle.account_key(user.email))
    sessions.purge_expired(db, settings)  # every sign-in sweeps away sessions nobody can use
    user.last_login_at = clock.now()
    enrolment_only = two_factor.required_for(user.role, settings) and not user.has_two_factor
    token, session = sessions.start(db, kind, user, enrolment_only=enrolment_only)
    audit.record(db, principal_for(user), "login", "user", user.id, kind=kind.value)
    return token, session, user


def principal_for(user: User) -> Principal:
    return Principal(user.id, user.role, user.organisation_id, user.display_name, user.email)


def acting_as(db: Session, email: str, field: str) -> Principal:
    """The active account with this e-mail, as the principal a command line acts as (``--as``):
    its rights and its audit trail apply as on the site."""
    user = db.scalar(select(User).where(User.email == normalise_email(email), User.is_active))
    if user is None:
        raise InvalidInput.field(field, f"no active account has the e-mail {email}")
    return principal_for(user)


def change_password(db: Session, principal: Principal, data: PasswordChange, settings: Settings) -> None:
    """Change one's own password; every other session of the account ends. A wrong current
    password counts as a failed sign-in, so a borrowed session cannot be used to guess it."""
    user = db.get(User, principal.user_id)
    assert user is not None
    keys = [throttle.account_key(user.email), throttle.address_key(audit.client_address.get())]
    throttle.check(db, keys, settings)
    if not passwords.verify_password(user.password_hash, data.current_password):
        throttle.record_failure(db, keys, settings)
        raise InvalidInput.field("current_password", "is not your current password")
    passwords.check_policy(data.new_password, "new_password", (user.email, user.display_name))
    user.password_hash = passwords.hash_password(data.new_password)
    sessions.end_all_for(db, user.id, keep=principal.session_id)
    audit.record(db, principal, "password_change", "user", user.id)


def reset_password(db: Session, principal: Principal, user_id: int, data: PasswordReset) -> None:
    """An admin sets a new password for a user (who has forgotten theirs): the user's sessions
    end; their two-factor sign-in stays, so the reset alone does not open the account."""
    if principal.role is not Role.ADMIN:
        raise Forbidden("only admins reset passwords")
    user = get_user(db, principal, user_id)
    passwords.check_policy(data.new_password, "new_password", (user.email, user.display_name))
    user.password_hash = passwords.hash_password(data.new_password)
    sessions.end_all_for(db, user.id)
    throttle.clear(db, throttle.account_key(user.email))
    audit.record(db, principal, "password_reset", "user", user.id)


def list_users(db: Session, principal: Principal, role: Role | None, page: PageRequest) -> Page[User]:
    stmt = select(User).where(access.users_visible_to(principal))
    if role is not None:
        stmt = stmt.where(User.role == role)
    return paginate(db, stmt, page, SORTABLE, "email", User.id)


def landlord_id(db: Session, principal: Principal, email: str) -> int:
    """The landlord account with this e-mail: coordinators name a home's owner by it (a spreadsheet
    of homes listed on the owner's behalf)."""
    if not principal.oversees_all:
        raise Forbidden("only coordinators name another account as a home's owner")
    found = db.scalar(select(User.id).where(User.email == normalise_email(email), User.role == Role.LANDLORD))
    if found is None:
        raise InvalidInput.field("owner_email", "no landlord account has this e-mail")
    return found


def get_user(db: Session, principal: Principal, user_id: int) -> User:
    user = db.scalar(select(User).where(User.id == user_id, access.users_visible_to(principal)))
    if user is None:
        raise NotFound(f"user {user_id} not found")
    return user


def create_user(db: Session, principal: Principal | None, data: UserCreate) -> User:
    """Add an account. ``principal`` is None when an operator runs the command line."""
    if principal is not None and principal.role is not Role.ADMIN:
        raise Forbidden("only admins create accounts")
    email = normalise_email(data.email)
    if db.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise Conflict(f"an account with the e-mail {email} already exists")
    _check_role_organisation(db, data.role, data.organisation_id)
    passwords.check_policy(data.password, "password", (email, data.display_name))
    user = User(
        email=email,
        display_name=data.display_name,
        role=data.role,
        organisation_id=data.organisation_id,
        locale=data.locale,
        password_hash=passwords.hash_password(data.password),
        is_active=True,
    )
    db.add(user)
    db.flush()
    audit.record(db, principal, "create", "user", user.id, role=user.role.value)
    return user


def update_user(db: Session, principal: Principal, user_id: int, data: UserUpdate) -> User:
    user = get_user(db, principal, user_id)
    changes = data.model_dump(exclude_unset=True)
    if principal.role is not Role.ADMIN and set(changes) - {"display_name", "locale"}:
        raise Forbidden("only admins change roles, organisations or the active flag")
    problems = [
        FieldProblem(name, "cannot be emptied")
        for name, value in changes.items()
        if value is None and name != "organisation_id"
    ]
    if problems:
        raise InvalidInput(problems)
    if user.id == principal.user_id and changes.get("is_active") is False:
        raise InvalidInput.field("is_active", "you cannot disable your own account")
    if "role" in changes or "organisation_id" in changes:
        _check_role_organisation(
            db, changes.get("role", user.role), changes.get("organisation_id", user.organisation_id)
        )
    changed = audit.changed_fields({name: getattr(user, name) for name in changes}, changes)
    for name, value in changes.items():
        setattr(user, name, value)
    if changes.get("is_active") is False or "role" in changed or "organisation_id" in changed:
        sessions.end_all_for(db, user.id)  # rights changed: sign in again under the new ones
    db.flush()
    audit.record(db, principal, "update", "user", user.id, fields=changed)
    return user


def _check_role_organisation(db: Session, role: Role, organisation_id: int | None) -> None:
    expected = ROLE_ORGANISATION[role]
    if organisation_id is None:
        if role in _ORGANISATION_REQUIRED:
            raise InvalidInput.field("organisation_id", f"a {role.value} must belong to an organisation")
        return
    organisation = db.get(Organisation, organisation_id)
    if organisation is None:
        raise InvalidInput.field("organisation_id", f"no organisation {organisation_id}")
    if expected is not None and organisation.kind is not expected:
        raise InvalidInput.field(
            "organisation_id",
            f"a {role.value} belongs to a {expected.value}, not a {organisation.kind.value}",
        )
