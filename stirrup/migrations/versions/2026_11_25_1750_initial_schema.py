"""Initial schema: organisations, users and sessions, homes, households, associations,
placements with their decisions and matching runs, and the audit trail.

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 17:50:25.917462
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import stirrup.db

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('landlord_company', 'social_service', 'partner_association', 'coordination_body', name='organisation_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('contact_phone', sa.String(length=40), nullable=True),
    sa.Column('contact_address', sa.String(length=300), nullable=True),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('name', name=op.f('uq_organisations_name'))
    )
    op.create_table('associations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('base_commune', sa.String(length=100), nullable=False),
    sa.Column('base_latitude', sa.Float(), nullable=False),
    sa.Column('base_longitude', sa.Float(), nullable=False),
    sa.Column('radius_km', sa.Float(), nullable=False),
    sa.Column('communes', stirrup.db.StrList(), nullable=False),
    sa.Column('support_offered', stirrup.db.StrList(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('emergency_phone', sa.String(length=40), nullable=True),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity >= 0', name=op.f('ck_associations_capacity_non_negative')),
    sa.CheckConstraint('radius_km >= 0', name=op.f('ck_associations_radius_non_negative')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_associations_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_associations')),
    sa.UniqueConstraint('organisation_id', name=op.f('uq_associations_organisation_id'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.Enum('landlord', 'social_worker', 'association_staff', 'coordinator', 'admin', name='role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('last_login_at', stirrup.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_users_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=True),
    sa.Column('ip_address', sa.String(length=45), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_events_entity', ['entity_type', 'entity_id'], unique=False)

    op.create_table('auth_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.Enum('web', 'api', name='session_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('csrf_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_auth_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_sessions'))
    )
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_auth_sessions_last_seen_at', ['last_seen_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_auth_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('homes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_user_id', sa.Integer(), nullable=True),
    sa.Column('owner_organisation_id', sa.Integer(), nullable=True),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('postal_code', sa.String(length=5), nullable=False),
    sa.Column('commune', sa.String(length=100), nullable=False),
    sa.Column('insee_code', sa.String(length=5), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('geocode_precision', sa.Enum('address', 'street', 'commune', name='geocode_precision', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('surface_m2', sa.Float(), nullable=False),
    sa.Column('rooms', sa.Integer(), nullable=False),
    sa.Column('bedrooms', sa.Integer(), nullable=False),
    sa.Column('max_occupants', sa.Integer(), nullable=False),
    sa.Column('floor', sa.Integer(), nullable=False),
    sa.Column('has_lift', sa.Boolean(), nullable=False),
    sa.Column('step_free', sa.Boolean(), nullable=False),
    sa.Column('wheelchair_accessible', sa.Boolean(), nullable=False),
    sa.Column('furnished', sa.Boolean(), nullable=False),
    sa.Column('pets_allowed', sa.Boolean(), nullable=False),
    sa.Column('energy_class', sa.Enum('A', 'B', 'C', 'D', 'E', 'F', 'G', name='energy_class', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('available_from', sa.Date(), nullable=False),
    sa.Column('available_until', sa.Date(), nullable=True),
    sa.Column('vacant_since', sa.Date(), nullable=True),
    sa.Column('cadastral_rental_value_eur', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('status', sa.Enum('draft', 'available', 'proposed', 'occupied', 'withdrawn', name='home_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(owner_user_id IS NULL) <> (owner_organisation_id IS NULL)', name=op.f('ck_homes_exactly_one_owner')),
    sa.CheckConstraint('available_until IS NULL OR available_until > available_from', name=op.f('ck_homes_availability_order')),
    sa.CheckConstraint('bedrooms >= 0 AND rooms >= 1 AND bedrooms <= rooms', name=op.f('ck_homes_rooms_consistent')),
    sa.CheckConstraint('max_occupants >= 1', name=op.f('ck_homes_occupants_positive')),
    sa.CheckConstraint('surface_m2 > 0 AND surface_m2 < 1000', name=op.f('ck_homes_surface_range')),
    sa.ForeignKeyConstraint(['owner_organisation_id'], ['organisations.id'], name=op.f('fk_homes_owner_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['owner_user_id'], ['users.id'], name=op.f('fk_homes_owner_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_homes'))
    )
    with op.batch_alter_table('homes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_homes_insee_code'), ['insee_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_homes_owner_organisation_id'), ['owner_organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_homes_owner_user_id'), ['owner_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_homes_postal_code'), ['postal_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_homes_status'), ['status'], unique=False)

    op.create_table('households',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=12), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('referent_id', sa.Integer(), nullable=False),
    sa.Column('adults', sa.Integer(), nullable=False),
    sa.Column('children', sa.Integer(), nullable=False),
    sa.Column('bedrooms_override', sa.Integer(), nullable=True),
    sa.Column('needs_wheelchair_access', sa.Boolean(), nullable=False),
    sa.Column('needs_step_free', sa.Boolean(), nullable=False),
    sa.Column('has_pets', sa.Boolean(), nullable=False),
    sa.Column('anchor_kind', sa.Enum('school', 'work', 'care', 'family', 'support', 'other', name='anchor_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('anchor_commune', sa.String(length=100), nullable=False),
    sa.Column('anchor_latitude', sa.Float(), nullable=False),
    sa.Column('anchor_longitude', sa.Float(), nullable=False),
    sa.Column('max_distance_km', sa.Float(), nullable=False),
    sa.Column('preferred_communes', stirrup.db.StrList(), nullable=False),
    sa.Column('excluded_communes', stirrup.db.StrList(), nullable=False),
    sa.Column('earliest_start', sa.Date(), nullable=False),
    sa.Column('support_needs', stirrup.db.StrList(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('priority_reason', sa.Text(), nullable=False),
    sa.Column('consent_given_on', sa.Date(), nullable=False),
    sa.Column('consent_purpose', sa.Text(), nullable=False),
    sa.Column('consent_recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('waiting', 'proposed', 'placed', 'exited', name='household_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('waiting_since', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('adults >= 1', name=op.f('ck_households_adults_positive')),
    sa.CheckConstraint('children >= 0', name=op.f('ck_households_children_non_negative')),
    sa.CheckConstraint('max_distance_km > 0', name=op.f('ck_households_distance_positive')),
    sa.CheckConstraint('priority BETWEEN 1 AND 5', name=op.f('ck_households_priority_range')),
    sa.ForeignKeyConstraint(['consent_recorded_by_id'], ['users.id'], name=op.f('fk_households_consent_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_households_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['referent_id'], ['users.id'], name=op.f('fk_households_referent_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_households')),
    sa.UniqueConstraint('reference', name=op.f('uq_households_reference'))
    )
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_households_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_referent_id'), ['referent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_households_status'), ['status'], unique=False)

    op.create_table('matching_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('running', 'done', 'failed', name='matching_run_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('started_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', stirrup.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('parameters', sa.JSON(), nullable=False),
    sa.Column('solver_status', sa.String(length=32), nullable=True),
    sa.Column('objective', sa.Float(), nullable=True),
    sa.Column('bound', sa.Float(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_matching_runs_started_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matching_runs'))
    )
    op.create_table('household_contacts',
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_household_contacts_household_id_households'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('household_id', name=op.f('pk_household_contacts'))
    )
    op.create_table('placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('home_id', sa.Integer(), nullable=False),
    sa.Column('association_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('proposed', 'accepted', 'active', 'ended', 'declined', 'cancelled', name='placement_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('planned_end', sa.Date(), nullable=False),
    sa.Column('actual_end', sa.Date(), nullable=True),
    sa.Column('matching_run_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('explanation', sa.JSON(), nullable=False),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['association_id'], ['associations.id'], name=op.f('fk_placements_association_id_associations')),
    sa.ForeignKeyConstraint(['home_id'], ['homes.id'], name=op.f('fk_placements_home_id_homes')),
    sa.ForeignKeyConstraint(['household_id'], ['households.id'], name=op.f('fk_placements_household_id_households')),
    sa.ForeignKeyConstraint(['matching_run_id'], ['matching_runs.id'], name=op.f('fk_placements_matching_run_id_matching_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_association_id'), ['association_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_home_id'), ['home_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_matching_run_id'), ['matching_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_status'), ['status'], unique=False)
        batch_op.create_index('uq_placements_live_home', ['home_id'], unique=True, sqlite_where=sa.text("status IN ('accepted', 'active')"), postgresql_where=sa.text("status IN ('accepted', 'active')"))
        batch_op.create_index('uq_placements_live_household', ['household_id'], unique=True, sqlite_where=sa.text("status IN ('accepted', 'active')"), postgresql_where=sa.text("status IN ('accepted', 'active')"))

    op.create_table('placement_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('party', sa.Enum('landlord', 'social_worker', 'association', name='party', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('decision', sa.Enum('accepted', 'declined', name='decision', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reason_code', sa.String(length=40), nullable=True),
    sa.Column('reason_text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_placement_decisions_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_placement_decisions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_decisions'))
    )
    with op.batch_alter_table('placement_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_decisions_placement_id'), ['placement_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('placement_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placement_decisions_placement_id'))

    op.drop_table('placement_decisions')
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index('uq_placements_live_household', sqlite_where=sa.text("status IN ('accepted', 'active')"), postgresql_where=sa.text("status IN ('accepted', 'active')"))
        batch_op.drop_index('uq_placements_live_home', sqlite_where=sa.text("status IN ('accepted', 'active')"), postgresql_where=sa.text("status IN ('accepted', 'active')"))
        batch_op.drop_index(batch_op.f('ix_placements_status'))
        batch_op.drop_index(batch_op.f('ix_placements_matching_run_id'))
        batch_op.drop_index(batch_op.f('ix_placements_household_id'))
        batch_op.drop_index(batch_op.f('ix_placements_home_id'))
        batch_op.drop_index(batch_op.f('ix_placements_association_id'))

    op.drop_table('placements')
    op.drop_table('household_contacts')
    op.drop_table('matching_runs')
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_households_status'))
        batch_op.drop_index(batch_op.f('ix_households_referent_id'))
        batch_op.drop_index(batch_op.f('ix_households_organisation_id'))

    op.drop_table('households')
    with op.batch_alter_table('homes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_homes_status'))
        batch_op.drop_index(batch_op.f('ix_homes_postal_code'))
        batch_op.drop_index(batch_op.f('ix_homes_owner_user_id'))
        batch_op.drop_index(batch_op.f('ix_homes_owner_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_homes_insee_code'))

    op.drop_table('homes')
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_sessions_user_id'))
        batch_op.drop_index('ix_auth_sessions_last_seen_at')

    op.drop_table('auth_sessions')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_entity')
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_actor_id'))

    op.drop_table('audit_events')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_organisation_id'))

    op.drop_table('users')
    op.drop_table('associations')
    op.drop_table('organisations')
