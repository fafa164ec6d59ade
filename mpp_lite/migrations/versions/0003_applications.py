"""applications, status steps, holidays

Revision ID: 0003_applications
Revises: 0002_queue
"""
from alembic import op
import sqlalchemy as sa
import mpp_lite.database  # noqa: F401  custom column types

# revision identifiers, used by Alembic.
revision = '0003_applications'
down_revision = '0002_queue'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tracking_code', sa.String(length=9), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('applicant_name', sa.String(length=120), nullable=False),
    sa.Column('nik', sa.String(length=16), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=120), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('documents', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('received_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('verified_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('sla_working_days', sa.Integer(), nullable=True),
    sa.Column('paused_since', sa.Date(), nullable=True),
    sa.Column('paused_working_days', sa.Integer(), server_default='0', nullable=False),
    sa.Column('ready_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('closed_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('rejection_reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('anonymised_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_applications_created_by_id_users')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_applications_service_id_services')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_applications_tenant_id_tenants')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_applications_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('tracking_code', name=op.f('uq_applications_tracking_code')),
    sa.UniqueConstraint('uid', name=op.f('uq_applications_uid'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_nik'), ['nik'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('application_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_steps_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_steps'))
    )
    with op.batch_alter_table('application_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_steps_application_id'), ['application_id'], unique=False)

    op.create_table('local_holidays',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_local_holidays')),
    sa.UniqueConstraint('day', name=op.f('uq_local_holidays_day'))
    )
    op.create_table('application_notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('sent_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_notifications_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_notifications'))
    )
    with op.batch_alter_table('application_notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_notifications_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_notifications_status'), ['status'], unique=False)

    op.create_table('status_lookup_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('client', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=9), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_lookup_failures'))
    )
    with op.batch_alter_table('status_lookup_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_lookup_failures_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_lookup_failures_client'), ['client'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_lookup_failures_code'), ['code'], unique=False)


def downgrade():
    with op.batch_alter_table('status_lookup_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_lookup_failures_code'))
        batch_op.drop_index(batch_op.f('ix_status_lookup_failures_client'))
        batch_op.drop_index(batch_op.f('ix_status_lookup_failures_at'))

    op.drop_table('status_lookup_failures')
    with op.batch_alter_table('application_notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_notifications_status'))
        batch_op.drop_index(batch_op.f('ix_application_notifications_application_id'))

    op.drop_table('application_notifications')
    op.drop_table('local_holidays')
    with op.batch_alter_table('application_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_steps_application_id'))

    op.drop_table('application_steps')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_applications_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_applications_status'))
        batch_op.drop_index(batch_op.f('ix_applications_service_id'))
        batch_op.drop_index(batch_op.f('ix_applications_received_at'))
        batch_op.drop_index(batch_op.f('ix_applications_nik'))
        batch_op.drop_index(batch_op.f('ix_applications_due_date'))

    op.drop_table('applications')
