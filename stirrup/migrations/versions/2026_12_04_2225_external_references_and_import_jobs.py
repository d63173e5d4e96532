"""Spreadsheet imports: an external reference on homes, households and associations (unique per
owner, organisation or directory) by which a re-imported file updates instead of duplicating; import
jobs with their progress and the problems found, row by row.

Revision ID: 0050
Revises: 0010
Create Date: 2026-12-04 22:25:41.918227
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import stirrup.db

revision: str = '0050'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('import_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('homes', 'households', 'associations', 'zlv', name='import_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status', sa.Enum('queued', 'checking', 'writing', 'done', 'checked', 'invalid', 'failed', name='import_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('owner_user_id', sa.Integer(), nullable=True),
    sa.Column('owner_organisation_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('file_format', sa.String(length=4), nullable=False),
    sa.Column('source', sa.LargeBinary(), nullable=True),
    sa.Column('rows_total', sa.Integer(), nullable=True),
    sa.Column('rows_done', sa.Integer(), nullable=False),
    sa.Column('created_count', sa.Integer(), nullable=False),
    sa.Column('updated_count', sa.Integer(), nullable=False),
    sa.Column('problem_count', sa.Integer(), nullable=False),
    sa.Column('unknown_columns', stirrup.db.StrList(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('started_at', stirrup.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', stirrup.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', stirrup.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_import_jobs_created_by_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_organisation_id'], ['organisations.id'], name=op.f('fk_import_jobs_owner_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_user_id'], ['users.id'], name=op.f('fk_import_jobs_owner_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_jobs'))
    )
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_jobs_created_by_id'), ['created_by_id'], unique=False)

    op.create_table('import_problems',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('sheet', sa.String(length=31), nullable=True),
    sa.Column('row', sa.Integer(), nullable=True),
    sa.Column('column', sa.String(length=3), nullable=True),
    sa.Column('header', sa.String(length=200), nullable=True),
    sa.Column('field', sa.String(length=100), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['import_jobs.id'], name=op.f('fk_import_problems_job_id_import_jobs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_problems'))
    )
    with op.batch_alter_table('import_problems', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_problems_job_id'), ['job_id'], unique=False)

    with op.batch_alter_table('associations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_ref', sa.String(length=60), nullable=True))
        batch_op.create_index('uq_associations_external_ref', ['external_ref'], unique=True)

    with op.batch_alter_table('homes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_ref', sa.String(length=60), nullable=True))
        batch_op.create_index('uq_homes_owner_organisation_external_ref', ['owner_organisation_id', 'external_ref'], unique=True)
        batch_op.create_index('uq_homes_owner_user_external_ref', ['owner_user_id', 'external_ref'], unique=True)

    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_ref', sa.String(length=60), nullable=True))
        batch_op.create_index('uq_households_organisation_external_ref', ['organisation_id', 'external_ref'], unique=True)



def downgrade() -> None:
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index('uq_households_organisation_external_ref')
        batch_op.drop_column('external_ref')

    with op.batch_alter_table('homes', schema=None) as batch_op:
        batch_op.drop_index('uq_homes_owner_user_external_ref')
        batch_op.drop_index('uq_homes_owner_organisation_external_ref')
        batch_op.drop_column('external_ref')

    with op.batch_alter_table('associations', schema=None) as batch_op:
        batch_op.drop_index('uq_associations_external_ref')
        batch_op.drop_column('external_ref')

    with op.batch_alter_table('import_problems', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_problems_job_id'))

    op.drop_table('import_problems')
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_jobs_created_by_id'))

    op.drop_table('import_jobs')
