"""Matching rounds and proposals: a round's territory, stage and heartbeat (one running round per
territory), the reasons of unmatched households, placement requests between rounds, reminders of
unanswered proposals, when a proposal expires and why it closed, the move-in date each acceptance agreed to, and the
INSEE code of a household's anchor commune (which territory it belongs to).

Revision ID: 0010
Revises: 0020
Create Date: 2026-12-04 22:25:24.427068
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import stirrup.db

revision: str = '0010'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('unmatched_households',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matching_run_id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('unlocks', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_unmatched_households_household_id_households'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['matching_run_id'], ['matching_runs.id'], name=op.f('fk_unmatched_households_matching_run_id_matching_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unmatched_households')),
    sa.UniqueConstraint('matching_run_id', 'household_id', name=op.f('uq_unmatched_households_matching_run_id'))
    )
    with op.batch_alter_table('unmatched_households', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unmatched_households_household_id'), ['household_id'], unique=False)

    op.create_table('placement_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Enum('proposed', 'unmatched', 'rounds_only', name='request_outcome', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('matching_run_id', sa.Integer(), nullable=True),
    sa.Column('placement_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('priority BETWEEN 1 AND 5', name=op.f('ck_placement_requests_priority_range')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_placement_requests_household_id_households'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['matching_run_id'], ['matching_runs.id'], name=op.f('fk_placement_requests_matching_run_id_matching_runs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_placement_requests_placement_id_placements'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_placement_requests_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_requests'))
    )
    with op.batch_alter_table('placement_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_requests_household_id'), ['household_id'], unique=False)

    op.create_table('proposal_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('party', sa.Enum('landlord', 'social_worker', 'association', name='party', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('raised_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', stirrup.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_proposal_reminders_placement_id_placements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_reminders')),
    sa.UniqueConstraint('placement_id', 'party', name=op.f('uq_proposal_reminders_placement_id'))
    )
    with op.batch_alter_table('proposal_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_reminders_placement_id'), ['placement_id'], unique=False)

    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anchor_insee_code', sa.String(length=5), nullable=True))
        batch_op.create_index(batch_op.f('ix_households_anchor_insee_code'), ['anchor_insee_code'], unique=False)

    # Rows written before this revision get a value once; the defaults are then dropped, so that
    # the schema is exactly the models' (the application always sets these columns).
    backfill = {
        'kind': sa.text("'round'"),
        'stage': sa.text("'done'"),
        'stage_changed_at': sa.text('CURRENT_TIMESTAMP'),
        'heartbeat_at': sa.text('CURRENT_TIMESTAMP'),
        'territory': sa.text("'{\"kind\": \"all\"}'"),
        'territory_key': sa.text("'all'"),
    }
    with op.batch_alter_table('matching_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('round', 'on_demand', name='matching_run_kind', native_enum=False, create_constraint=True, length=32), nullable=False, server_default=backfill['kind']))
        batch_op.add_column(sa.Column('stage', sa.Enum('queued', 'building', 'solving', 'explaining', 'storing', 'done', 'failed', name='round_stage', native_enum=False, create_constraint=True, length=32), nullable=False, server_default=backfill['stage']))
        batch_op.add_column(sa.Column('stage_changed_at', stirrup.db.UTCDateTime(timezone=True), nullable=False, server_default=backfill['stage_changed_at']))
        batch_op.add_column(sa.Column('heartbeat_at', stirrup.db.UTCDateTime(timezone=True), nullable=False, server_default=backfill['heartbeat_at']))
        batch_op.add_column(sa.Column('territory', sa.JSON(), nullable=False, server_default=backfill['territory']))
        batch_op.add_column(sa.Column('territory_key', sa.String(length=700), nullable=False, server_default=backfill['territory_key']))
        batch_op.add_column(sa.Column('gap', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('error', sa.Text(), nullable=True))
        batch_op.create_index('uq_matching_runs_running_territory', ['territory_key'], unique=True, sqlite_where=sa.text("status = 'running' AND kind = 'round'"), postgresql_where=sa.text("status = 'running' AND kind = 'round'"))
    with op.batch_alter_table('matching_runs', schema=None) as batch_op:
        for column in backfill:
            batch_op.alter_column(column, server_default=None)

    with op.batch_alter_table('placement_decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('move_in_date', sa.Date(), nullable=True))

    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', stirrup.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_at', stirrup.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_reason', sa.String(length=40), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_column('closed_reason')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('expires_at')

    with op.batch_alter_table('placement_decisions', schema=None) as batch_op:
        batch_op.drop_column('move_in_date')

    # Dropped on its own first: SQLite's table copy would otherwise rebuild it on dropped columns.
    op.drop_index('uq_matching_runs_running_territory', table_name='matching_runs')
    with op.batch_alter_table('matching_runs', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_matching_runs_round_stage'), type_='check')
        batch_op.drop_constraint(op.f('ck_matching_runs_matching_run_kind'), type_='check')
        batch_op.drop_column('error')
        batch_op.drop_column('gap')
        batch_op.drop_column('territory_key')
        batch_op.drop_column('territory')
        batch_op.drop_column('heartbeat_at')
        batch_op.drop_column('stage_changed_at')
        batch_op.drop_column('stage')
        batch_op.drop_column('kind')

    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_households_anchor_insee_code'))
        batch_op.drop_column('anchor_insee_code')

    with op.batch_alter_table('proposal_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_reminders_placement_id'))

    op.drop_table('proposal_reminders')
    with op.batch_alter_table('placement_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placement_requests_household_id'))

    op.drop_table('placement_requests')
    with op.batch_alter_table('unmatched_households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unmatched_households_household_id'))

    op.drop_table('unmatched_households')
