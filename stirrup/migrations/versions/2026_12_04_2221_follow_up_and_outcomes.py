"""The six-month follow-up and what comes after: visits and check-ins, milestones of regained
rights, incidents, exit plans, extensions the owner consents to; the outcome at the end and the
situation 6, 12 and 24 months later.

Revision ID: 0020
Revises: 0005
Create Date: 2026-12-04 22:21:47.655225
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import stirrup.db

revision: str = '0020'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('after_end_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('situation', sa.Enum('long_term_private_housing', 'social_housing', 'other_supported_housing', 'family_or_friends', 'hospital_or_care', 'street_or_emergency_shelter', 'unknown', name='after_end_situation', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('months IN (6, 12, 24)', name=op.f('ck_after_end_checks_months_horizon')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_after_end_checks_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_after_end_checks_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_after_end_checks')),
    sa.UniqueConstraint('placement_id', 'months', name=op.f('uq_after_end_checks_placement_id'))
    )
    op.create_table('exit_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('long_term_private_housing', 'social_housing', 'other_supported_housing', 'family_or_friends', 'hospital_or_care', 'extension_requested', 'other', name='exit_plan_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('expected_on', sa.Date(), nullable=True),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_exit_plans_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_exit_plans_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exit_plans')),
    sa.UniqueConstraint('placement_id', name=op.f('uq_exit_plans_placement_id'))
    )
    op.create_table('extensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('requested', 'consented', 'declined', name='extension_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=False),
    sa.Column('previous_end', sa.Date(), nullable=True),
    sa.Column('new_end', sa.Date(), nullable=True),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('months BETWEEN 1 AND 6', name=op.f('ck_extensions_months_range')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_extensions_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_extensions_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_extensions_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extensions'))
    )
    with op.batch_alter_table('extensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extensions_placement_id'), ['placement_id'], unique=False)
        batch_op.create_index('uq_extensions_pending', ['placement_id'], unique=True, sqlite_where=sa.text("status = 'requested'"), postgresql_where=sa.text("status = 'requested'"))

    op.create_table('incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('severity', sa.Enum('minor', 'moderate', 'severe', name='incident_severity', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('category', sa.Enum('neighbourhood', 'damage', 'health', 'safety', 'other', name='incident_category', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'resolved', name='incident_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status = 'resolved') = (resolved_on IS NOT NULL)", name=op.f('ck_incidents_resolved_when_dated')),
    sa.CheckConstraint('resolved_on IS NULL OR resolved_on >= occurred_on', name=op.f('ck_incidents_resolution_order')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_incidents_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_incidents_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents'))
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incidents_placement_id'), ['placement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_status'), ['status'], unique=False)

    op.create_table('milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('postal_address', 'health_cover', 'benefits', 'identity_papers', 'bank_account', 'job_or_training', 'housing_application', name='milestone_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reached_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(kind = 'housing_application') = (reference IS NOT NULL)", name=op.f('ck_milestones_reference_for_application')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_milestones_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_milestones_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestones')),
    sa.UniqueConstraint('placement_id', 'kind', name=op.f('uq_milestones_placement_id'))
    )
    op.create_table('placement_endings',
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Enum('long_term_private_housing', 'social_housing', 'other_supported_housing', 'family_or_friends', 'hospital_or_care', 'street_or_emergency_shelter', 'unknown', name='outcome', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('early_end_reason', sa.Enum('housed_early', 'household_left', 'agreement_breach', 'owner_needs_home', 'other', name='early_end_reason', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('home_withdrawn', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_placement_endings_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_placement_endings_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('placement_id', name=op.f('pk_placement_endings'))
    )
    with op.batch_alter_table('placement_endings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_endings_outcome'), ['outcome'], unique=False)

    op.create_table('visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('home_visit', 'phone', 'office', name='visit_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('wellbeing', sa.Integer(), nullable=False),
    sa.Column('housing_condition', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('housing_condition IS NULL OR housing_condition BETWEEN 1 AND 5', name=op.f('ck_visits_housing_condition_range')),
    sa.CheckConstraint('wellbeing BETWEEN 1 AND 5', name=op.f('ck_visits_wellbeing_range')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_visits_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_visits_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_placement_id'), ['placement_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_placement_id'))

    op.drop_table('visits')
    with op.batch_alter_table('placement_endings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placement_endings_outcome'))

    op.drop_table('placement_endings')
    op.drop_table('milestones')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_status'))
        batch_op.drop_index(batch_op.f('ix_incidents_placement_id'))

    op.drop_table('incidents')
    with op.batch_alter_table('extensions', schema=None) as batch_op:
        batch_op.drop_index('uq_extensions_pending', sqlite_where=sa.text("status = 'requested'"), postgresql_where=sa.text("status = 'requested'"))
        batch_op.drop_index(batch_op.f('ix_extensions_placement_id'))

    op.drop_table('extensions')
    op.drop_table('exit_plans')
    op.drop_table('after_end_checks')
