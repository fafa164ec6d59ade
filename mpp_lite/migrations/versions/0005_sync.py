"""sync outbox and endpoints

Revision ID: 0005_sync
Revises: 0004_survey
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401
import mpp_lite.database  # noqa: F401  custom column types

# revision identifiers, used by Alembic.
revision = '0005_sync'
down_revision = '0004_survey'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sync_endpoints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('secret', sa.String(length=255), nullable=False),
    sa.Column('batch_size', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('policy', sa.String(length=16), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('created_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('last_attempt_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('last_success_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('last_error_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_endpoints')),
    sa.UniqueConstraint('name', name=op.f('uq_sync_endpoints_name'))
    )
    op.create_table('sync_locks',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('holder', sa.String(length=80), nullable=False),
    sa.Column('acquired_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('expires_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_sync_locks'))
    )
    op.create_table('sync_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_type', sa.String(length=16), nullable=False),
    sa.Column('record_uid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('occurred_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_outbox'))
    )
    with op.batch_alter_table('sync_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_outbox_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_sync_outbox_record', ['record_uid', 'version'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_outbox_record_type'), ['record_type'], unique=False)

    op.create_table('sync_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('endpoint_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('sent_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['endpoint_id'], ['sync_endpoints.id'], name=op.f('fk_sync_deliveries_endpoint_id_sync_endpoints'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outbox_id'], ['sync_outbox.id'], name=op.f('fk_sync_deliveries_outbox_id_sync_outbox'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_deliveries')),
    sa.UniqueConstraint('outbox_id', 'endpoint_id', name='uq_sync_deliveries_outbox_endpoint')
    )
    with op.batch_alter_table('sync_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_sync_deliveries_due', ['endpoint_id', 'state', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_deliveries_outbox_id'), ['outbox_id'], unique=False)


def downgrade():
    with op.batch_alter_table('sync_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_deliveries_outbox_id'))
        batch_op.drop_index('ix_sync_deliveries_due')

    op.drop_table('sync_deliveries')
    with op.batch_alter_table('sync_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_outbox_record_type'))
        batch_op.drop_index('ix_sync_outbox_record')
        batch_op.drop_index(batch_op.f('ix_sync_outbox_created_at'))

    op.drop_table('sync_outbox')
    op.drop_table('sync_locks')
    op.drop_table('sync_endpoints')
