"""The process running a matching round (``host:pid:start``): once it is gone from this host, the round is
failed at once rather than when its heartbeat grows old (rounds recorded before have none: the
heartbeat alone decides for them). An owner contact's landlord account once the owner joined, and
a draft home's conversion into a home (when, and which home).

Revision ID: 0080
Revises: 0070
Create Date: 2026-12-05 02:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import stirrup.db

revision: str = '0080'
down_revision: str | None = '0070'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('matching_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('worker', sa.String(length=300), nullable=True))
    with op.batch_alter_table('owner_contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_owner_contacts_user_id'), ['user_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_owner_contacts_user_id_users'), 'users', ['user_id'], ['id'], ondelete='SET NULL'
        )
    with op.batch_alter_table('draft_homes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('converted_at', stirrup.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('home_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_draft_homes_home_id_homes'), 'homes', ['home_id'], ['id'], ondelete='SET NULL'
        )


def downgrade() -> None:
    with op.batch_alter_table('draft_homes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_draft_homes_home_id_homes'), type_='foreignkey')
        batch_op.drop_column('home_id')
        batch_op.drop_column('converted_at')
    with op.batch_alter_table('owner_contacts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_owner_contacts_user_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_owner_contacts_user_id'))
        batch_op.drop_column('user_id')
    with op.batch_alter_table('matching_runs', schema=None) as batch_op:
        batch_op.drop_column('worker')
