"""Indexes for every list filter and for the candidate search; rate limits in the database.

The code indexes territories search by prefix (LIKE '59%') become pattern indexes on PostgreSQL,
which serve equality too; the public rate limit's windows move from each process's memory into
``rate_limit_windows`` so that several server processes count the same calls.

Revision ID: 0070
Revises: 0060
Create Date: 2026-12-05 02:13:24.843978
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import stirrup.db

revision: str = '0070'
down_revision: str | None = '0060'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('rate_limit_windows',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('started_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('calls', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limit_windows'))
    )
    with op.batch_alter_table('rate_limit_windows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_windows_started_at'), ['started_at'], unique=False)

    with op.batch_alter_table('homes', schema=None) as batch_op:
        batch_op.create_index('ix_homes_bedrooms_max_occupants', ['bedrooms', 'max_occupants'], unique=False)
        batch_op.create_index('ix_homes_status_available_from', ['status', 'available_from'], unique=False)
        batch_op.create_index('ix_homes_status_latitude_longitude', ['status', 'latitude', 'longitude'], unique=False)

    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index('ix_households_status_anchor_latitude_anchor_longitude', ['status', 'anchor_latitude', 'anchor_longitude'], unique=False)
        batch_op.create_index('ix_households_status_priority', ['status', 'priority'], unique=False)

    with op.batch_alter_table('matching_runs', schema=None) as batch_op:
        batch_op.create_index('ix_matching_runs_kind_started_at', ['kind', 'started_at'], unique=False)
        batch_op.create_index('ix_matching_runs_status', ['status'], unique=False)

    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index('ix_placements_matching_run_id_status', ['matching_run_id', 'status'], unique=False)

    _code_indexes(pattern=True)



def downgrade() -> None:
    _code_indexes(pattern=False)
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index('ix_placements_matching_run_id_status')

    with op.batch_alter_table('matching_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_matching_runs_status')
        batch_op.drop_index('ix_matching_runs_kind_started_at')

    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index('ix_households_status_priority')
        batch_op.drop_index('ix_households_status_anchor_latitude_anchor_longitude')

    with op.batch_alter_table('homes', schema=None) as batch_op:
        batch_op.drop_index('ix_homes_status_latitude_longitude')
        batch_op.drop_index('ix_homes_status_available_from')
        batch_op.drop_index('ix_homes_bedrooms_max_occupants')

    with op.batch_alter_table('rate_limit_windows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_windows_started_at'))

    op.drop_table('rate_limit_windows')


_CODE_INDEXES = (
    ('homes', 'ix_homes_insee_code', 'insee_code'),
    ('homes', 'ix_homes_postal_code', 'postal_code'),
    ('households', 'ix_households_anchor_insee_code', 'anchor_insee_code'),
)


def _code_indexes(pattern: bool) -> None:
    """On PostgreSQL, the code indexes with (or back without) varchar_pattern_ops."""
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, name, column in _CODE_INDEXES:
        op.drop_index(name, table_name=table)
        ops = {column: 'varchar_pattern_ops'} if pattern else {}
        op.create_index(name, table, [column], unique=False, postgresql_ops=ops)
