"""survey responses, complaints, report rollups

Revision ID: 0004_survey
Revises: 0003_applications
"""
from alembic import op
import sqlalchemy as sa
import mpp_lite.database  # noqa: F401  custom column types

# revision identifiers, used by Alembic.
revision = '0004_survey'
down_revision = '0003_applications'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('complaints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('access_token', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=True),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_phone', sa.String(length=20), nullable=False),
    sa.Column('contact_email', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('received_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('answered_by', sa.String(length=80), nullable=False),
    sa.Column('closed_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.Column('anonymised_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_complaints_service_id_services')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_complaints_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints')),
    sa.UniqueConstraint('access_token', name=op.f('uq_complaints_access_token')),
    sa.UniqueConstraint('reference', name=op.f('uq_complaints_reference')),
    sa.UniqueConstraint('uid', name=op.f('uq_complaints_uid')),
    sa.UniqueConstraint('year', 'seq', name='uq_complaints_year_seq')
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaints_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('complaint_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complaint_steps_complaint_id_complaints'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_steps'))
    )
    with op.batch_alter_table('complaint_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_steps_complaint_id'), ['complaint_id'], unique=False)

    op.create_table('survey_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('submitted_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('u1', sa.SmallInteger(), nullable=False),
    sa.Column('u2', sa.SmallInteger(), nullable=False),
    sa.Column('u3', sa.SmallInteger(), nullable=False),
    sa.Column('u4', sa.SmallInteger(), nullable=False),
    sa.Column('u5', sa.SmallInteger(), nullable=False),
    sa.Column('u6', sa.SmallInteger(), nullable=False),
    sa.Column('u7', sa.SmallInteger(), nullable=False),
    sa.Column('u8', sa.SmallInteger(), nullable=False),
    sa.Column('u9', sa.SmallInteger(), nullable=False),
    sa.Column('age_group', sa.String(length=16), nullable=False),
    sa.Column('sex', sa.String(length=8), nullable=False),
    sa.Column('education', sa.String(length=16), nullable=False),
    sa.Column('occupation', sa.String(length=24), nullable=False),
    sa.Column('suggestion', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_survey_responses_application_id_applications')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_survey_responses_service_id_services')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_survey_responses_tenant_id_tenants')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_survey_responses_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses')),
    sa.UniqueConstraint('application_id', name=op.f('uq_survey_responses_application_id')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_survey_responses_ticket_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_survey_responses_uid'))
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_responses_day'), ['day'], unique=False)
        batch_op.create_index('ix_survey_responses_service_day', ['service_id', 'day'], unique=False)
        batch_op.create_index('ix_survey_responses_tenant_day', ['tenant_id', 'day'], unique=False)

    op.create_table('report_daily_minutes',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('minute', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'kind', 'minute', name=op.f('pk_report_daily_minutes'))
    )
    op.create_table('report_daily_services',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('service_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('issued', sa.Integer(), nullable=False),
    sa.Column('served', sa.Integer(), nullable=False),
    sa.Column('no_show', sa.Integer(), nullable=False),
    sa.Column('wait_n', sa.Integer(), nullable=False),
    sa.Column('wait_seconds', sa.Float(), nullable=False),
    sa.Column('service_n', sa.Integer(), nullable=False),
    sa.Column('service_seconds', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'service_id', name=op.f('pk_report_daily_services'))
    )
    op.create_table('report_daily_staff',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('counter_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('operator_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('served', sa.Integer(), nullable=False),
    sa.Column('service_n', sa.Integer(), nullable=False),
    sa.Column('service_seconds', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'counter_id', 'operator_id', name=op.f('pk_report_daily_staff'))
    )
    op.create_table('report_rollup_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('computed_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_report_rollup_days'))
    )


def downgrade():
    op.drop_table('report_rollup_days')
    op.drop_table('report_daily_staff')
    op.drop_table('report_daily_services')
    op.drop_table('report_daily_minutes')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_responses_tenant_day')
        batch_op.drop_index('ix_survey_responses_service_day')
        batch_op.drop_index(batch_op.f('ix_survey_responses_day'))

    op.drop_table('survey_responses')
    with op.batch_alter_table('complaint_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_steps_complaint_id'))

    op.drop_table('complaint_steps')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaints_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_complaints_status'))
        batch_op.drop_index(batch_op.f('ix_complaints_due_date'))
        batch_op.drop_index(batch_op.f('ix_complaints_day'))

    op.drop_table('complaints')
