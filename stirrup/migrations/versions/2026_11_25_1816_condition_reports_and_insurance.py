"""Paperwork of a placement: condition reports (état des lieux) at entry and exit, room by room
with optional photos and both sides' signatures; and the home-insurance certificates whose lapse
during a placement raises an alert.

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-25 18:18:40.619096
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import stirrup.db

revision: str = '0005'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('condition_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('entry', 'exit', name='report_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('inspected_on', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('lender_signed_name', sa.String(length=200), nullable=True),
    sa.Column('lender_signed_on', sa.Date(), nullable=True),
    sa.Column('borrower_signed_name', sa.String(length=200), nullable=True),
    sa.Column('borrower_signed_on', sa.Date(), nullable=True),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(borrower_signed_name IS NULL) = (borrower_signed_on IS NULL)', name=op.f('ck_condition_reports_borrower_signature_whole')),
    sa.CheckConstraint('(lender_signed_name IS NULL) = (lender_signed_on IS NULL)', name=op.f('ck_condition_reports_lender_signature_whole')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_condition_reports_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_condition_reports_placement_id_placements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_condition_reports')),
    sa.UniqueConstraint('placement_id', 'kind', name=op.f('uq_condition_reports_placement_id'))
    )
    with op.batch_alter_table('condition_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_condition_reports_placement_id'), ['placement_id'], unique=False)

    op.create_table('insurance_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('holder', sa.Enum('occupant', 'association', name='insurance_holder', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('insurer', sa.String(length=200), nullable=False),
    sa.Column('policy_number', sa.String(length=60), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('valid_until >= valid_from', name=op.f('ck_insurance_certificates_validity_order')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_insurance_certificates_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_insurance_certificates_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insurance_certificates'))
    )
    with op.batch_alter_table('insurance_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_insurance_certificates_placement_id'), ['placement_id'], unique=False)

    op.create_table('condition_report_rooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('condition', sa.Enum('new', 'good', 'worn', 'poor', name='room_condition', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['condition_reports.id'], name=op.f('fk_condition_report_rooms_report_id_condition_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_condition_report_rooms')),
    sa.UniqueConstraint('report_id', 'position', name=op.f('uq_condition_report_rooms_report_id'))
    )
    with op.batch_alter_table('condition_report_rooms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_condition_report_rooms_report_id'), ['report_id'], unique=False)

    op.create_table('condition_report_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['room_id'], ['condition_report_rooms.id'], name=op.f('fk_condition_report_photos_room_id_condition_report_rooms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_condition_report_photos_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_condition_report_photos'))
    )
    with op.batch_alter_table('condition_report_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_condition_report_photos_room_id'), ['room_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('condition_report_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_condition_report_photos_room_id'))

    op.drop_table('condition_report_photos')
    with op.batch_alter_table('condition_report_rooms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_condition_report_rooms_report_id'))

    op.drop_table('condition_report_rooms')
    with op.batch_alter_table('insurance_certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_insurance_certificates_placement_id'))

    op.drop_table('insurance_certificates')
    with op.batch_alter_table('condition_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_condition_reports_placement_id'))

    op.drop_table('condition_reports')
