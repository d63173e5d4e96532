"""The process running a matching round (``host:pid``): once it is gone from this host, the round is
failed at once rather than when its heartbeat grows old. Rounds recorded before have none (the
heartbeat alone decides for them).

Revision ID: 0080
Revises: 0060
Create Date: 2026-12-05 02:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0080'
down_revision: str | None = '0060'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('matching_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('worker', sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('matching_runs', schema=None) as batch_op:
        batch_op.drop_column('worker')
