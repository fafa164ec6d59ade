"""evidence for the PEKPPP evaluation

The Maklumat Pelayanan; each service's decree (SK), review date and review history; Forum
Konsultasi Publik records with their minutes; SKM periods and their follow-up actions; complaints
get the resolution clock of Perpres 76/2013, the SP4N-LAPOR! number and a confidential flag;
applications the tenant system's reference; tenants a processing mode. Complaints filed before
keep no resolution clock (their completion date is unknown).

Revision ID: 0015_evaluation_evidence
Revises: 0014_counter_sessions
"""
import sqlalchemy as sa
from alembic import op

import mpp_lite.database  # noqa: F401  custom column types


# revision identifiers, used by Alembic.
revision = '0015_evaluation_evidence'
down_revision = '0014_counter_sessions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('maklumat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('signatory_name', sa.String(length=120), nullable=False),
    sa.Column('signatory_title', sa.String(length=160), nullable=False),
    sa.Column('signatory_nip', sa.String(length=30), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('on_display', sa.Boolean(), nullable=False),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.Column('recorded_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_maklumat'))
    )
    op.create_table('survey_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_periods'))
    )
    op.create_table('survey_follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('element', sa.String(length=3), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('responsible', sa.String(length=160), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['survey_periods.id'], name=op.f('fk_survey_follow_ups_period_id_survey_periods'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_follow_ups'))
    )
    with op.batch_alter_table('survey_follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_follow_ups_period_id'), ['period_id'], unique=False)

    op.create_table('public_consultations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('topic', sa.Text(), nullable=False),
    sa.Column('participants_count', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('minutes_filename', sa.String(length=120), nullable=False),
    sa.Column('minutes_mimetype', sa.String(length=60), nullable=False),
    sa.Column('minutes', sa.LargeBinary(), nullable=True),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.Column('recorded_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_public_consultations_service_id_services'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_public_consultations'))
    )
    with op.batch_alter_table('public_consultations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_public_consultations_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_public_consultations_service_id'), ['service_id'], unique=False)

    op.create_table('standard_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('participants', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.Column('recorded_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_standard_reviews_service_id_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standard_reviews'))
    )
    with op.batch_alter_table('standard_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standard_reviews_service_id'), ['service_id'], unique=False)

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_system', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('external_reference', sa.String(length=80), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_applications_external_reference'), ['external_reference'], unique=False)

    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('completed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('resolution_due', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('lapor_number', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('forwarded_at', mpp_lite.database.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('confidential', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f('ix_complaints_resolution_due'), ['resolution_due'], unique=False)

    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decree_number', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('decree_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('last_reviewed_on', sa.Date(), nullable=True))

    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('processing_mode', sa.String(length=16), server_default='full', nullable=False))



def downgrade():
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.drop_column('processing_mode')

    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_column('last_reviewed_on')
        batch_op.drop_column('decree_date')
        batch_op.drop_column('decree_number')

    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaints_resolution_due'))
        batch_op.drop_column('confidential')
        batch_op.drop_column('forwarded_at')
        batch_op.drop_column('lapor_number')
        batch_op.drop_column('resolution_due')
        batch_op.drop_column('completed_on')

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_external_reference'))
        batch_op.drop_column('external_reference')
        batch_op.drop_column('external_system')

    with op.batch_alter_table('standard_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standard_reviews_service_id'))

    op.drop_table('standard_reviews')
    with op.batch_alter_table('public_consultations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_public_consultations_service_id'))
        batch_op.drop_index(batch_op.f('ix_public_consultations_held_on'))

    op.drop_table('public_consultations')
    with op.batch_alter_table('survey_follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_follow_ups_period_id'))

    op.drop_table('survey_follow_ups')
    op.drop_table('survey_periods')
    op.drop_table('maklumat')
