"""Writing the audit trail, in the caller's transaction (see stirrup.models.audit)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from stirrup.models import AuditEvent
from stirrup.services.access import Principal

#: The client address of the request being served, set by the app's middleware.
client_address: ContextVar[str | None] = ContextVar("client_address", default=None)


def record(
    db: Session,
    actor: Principal | None,
    action: str,
    entity_type: str,
    entity_id: int | str | None,
    **details: Any,
) -> None:
    """Add an audit event to the current transaction; it commits or rolls back with the change."""
    db.add(
        AuditEvent(
            actor_id=actor.user_id if actor else None,
            action=action,
            entity_type=entity_type,
            entity_id=None if entity_id is None else str(entity_id),
            ip_address=client_address.get(),
            details=details,
        )
    )


def record_all(
    db: Session,
    actor: Principal | None,
    action: str,
    entity_type: str,
    entity_ids: list[int],
    **details: Any,
) -> None:
    """The same event about each of many records (a round's proposals), in one INSERT."""
    if not entity_ids:
        return
    address = client_address.get()
    rows = [
        {
            "actor_id": actor.user_id if actor else None,
            "action": action,
            "entity_type": entity_type,
            "entity_id": str(entity_id),
            "ip_address": address,
            "details": details,
        }
        for entity_id in entity_ids
    ]
    db.execute(insert(AuditEvent), rows)


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Names of the fields an update changed: the audit records which, not their values."""
    return sorted(name for name, value in after.items() if before.get(name) != value)
