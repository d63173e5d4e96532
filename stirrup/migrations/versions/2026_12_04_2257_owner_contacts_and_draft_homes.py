"""Zéro Logement Vacant imports: owner contacts (a name and a postal address to write to, an
invitation status; no birth date, only a hash to find the same owner again) and the draft homes
the state's data says they own, both kept for the vacant-housing team that imported them.

Revision ID: 0051
Revises: 0050
Create Date: 2026-12-04 22:57:57.225664
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import stirrup.db

revision: str = '0051'
down_revision: str | None = '0050'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('owner_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('identity_key', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('postal_address', sa.Text(), nullable=False),
    sa.Column('street_number', sa.String(length=20), nullable=True),
    sa.Column('street', sa.String(length=200), nullable=True),
    sa.Column('postal_code', sa.String(length=10), nullable=True),
    sa.Column('commune', sa.String(length=100), nullable=True),
    sa.Column('address_complement', sa.String(length=200), nullable=True),
    sa.Column('relative_location', sa.String(length=200), nullable=True),
    sa.Column('invitation_status', sa.Enum('to_invite', 'invited', 'joined', 'declined', name='invitation_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('invitation_updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_owner_contacts_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_owner_contacts'))
    )
    with op.batch_alter_table('owner_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_owner_contacts_invitation_status'), ['invitation_status'], unique=False)
        batch_op.create_index('uq_owner_contacts_organisation_identity', ['organisation_id', 'identity_key'], unique=True)

    op.create_table('draft_homes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('owner_contact_id', sa.Integer(), nullable=True),
    sa.Column('external_ref', sa.String(length=60), nullable=False),
    sa.Column('departmental_ref', sa.String(length=60), nullable=True),
    sa.Column('cadastral_ref', sa.String(length=60), nullable=True),
    sa.Column('insee_code', sa.String(length=5), nullable=False),
    sa.Column('commune', sa.String(length=100), nullable=True),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('address_details', sa.Text(), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('housing_kind', sa.Enum('apartment', 'house', name='housing_kind', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('energy_class', sa.Enum('A', 'B', 'C', 'D', 'E', 'F', 'G', name='energy_class', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('energy_assessed_on', sa.Date(), nullable=True),
    sa.Column('surface_m2', sa.Float(), nullable=True),
    sa.Column('rooms', sa.Integer(), nullable=True),
    sa.Column('building_year', sa.Integer(), nullable=True),
    sa.Column('vacant_since_year', sa.Integer(), nullable=True),
    sa.Column('occupancy', sa.String(length=100), nullable=True),
    sa.Column('zlv_status', sa.String(length=100), nullable=True),
    sa.Column('campaigns', sa.Text(), nullable=False),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_draft_homes_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_contact_id'], ['owner_contacts.id'], name=op.f('fk_draft_homes_owner_contact_id_owner_contacts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_homes'))
    )
    with op.batch_alter_table('draft_homes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_homes_insee_code'), ['insee_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_draft_homes_owner_contact_id'), ['owner_contact_id'], unique=False)
        batch_op.create_index('uq_draft_homes_organisation_external_ref', ['organisation_id', 'external_ref'], unique=True)



def downgrade() -> None:
    with op.batch_alter_table('draft_homes', schema=None) as batch_op:
        batch_op.drop_index('uq_draft_homes_organisation_external_ref')
        batch_op.drop_index(batch_op.f('ix_draft_homes_owner_contact_id'))
        batch_op.drop_index(batch_op.f('ix_draft_homes_insee_code'))

    op.drop_table('draft_homes')
    with op.batch_alter_table('owner_contacts', schema=None) as batch_op:
        batch_op.drop_index('uq_owner_contacts_organisation_identity')
        batch_op.drop_index(batch_op.f('ix_owner_contacts_invitation_status'))

    op.drop_table('owner_contacts')
