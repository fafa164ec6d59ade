"""queue tickets, day counters and device pairing codes

Revision ID: 0002_queue
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa
import mpp_lite.database  # noqa: F401  custom column types

# revision identifiers, used by Alembic.
revision = '0002_queue'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('queue_day_counters',
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['queue_id'], ['queues.id'], name=op.f('fk_queue_day_counters_queue_id_queues'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('queue_id', 'day', name=op.f('pk_queue_day_counters'))
    )
    op.create_table('tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=8), nullable=False),
    sa.Column('priority', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('issued_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('called_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('last_called_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('started_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('finished_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('updated_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('call_count', sa.Integer(), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=True),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('issued_by', sa.String(length=80), nullable=False),
    sa.Column('closed_reason', sa.String(length=32), server_default='', nullable=False),
    sa.Column('transferred_from_id', sa.Integer(), nullable=True),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_tickets_counter_id_counters')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_tickets_operator_id_users')),
    sa.ForeignKeyConstraint(['queue_id'], ['queues.id'], name=op.f('fk_tickets_queue_id_queues')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_tickets_service_id_services')),
    sa.ForeignKeyConstraint(['transferred_from_id'], ['tickets.id'], name=op.f('fk_tickets_transferred_from_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tickets')),
    sa.UniqueConstraint('public_id', name=op.f('uq_tickets_public_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_tickets_uid'))
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tickets_counter_id'), ['counter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_issued_at'), ['issued_at'], unique=False)
        batch_op.create_index('ix_tickets_queue_day_seq', ['queue_id', 'day', 'seq'], unique=True,
                              sqlite_where=sa.text('transferred_from_id IS NULL'),
                              postgresql_where=sa.text('transferred_from_id IS NULL'))
        batch_op.create_index(batch_op.f('ix_tickets_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_status'), ['status'], unique=False)
        batch_op.create_index('ix_tickets_waiting', ['queue_id', 'status', 'priority', 'issued_at'], unique=False)

    op.create_table('device_pairings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('expires_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('used_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['token_id'], ['api_tokens.id'], name=op.f('fk_device_pairings_token_id_api_tokens'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_pairings')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_device_pairings_code_hash'))
    )
    with op.batch_alter_table('device_pairings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_pairings_token_id'), ['token_id'], unique=False)


def downgrade():
    with op.batch_alter_table('device_pairings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_pairings_token_id'))

    op.drop_table('device_pairings')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_waiting')
        batch_op.drop_index(batch_op.f('ix_tickets_status'))
        batch_op.drop_index(batch_op.f('ix_tickets_service_id'))
        batch_op.drop_index('ix_tickets_queue_day_seq')
        batch_op.drop_index(batch_op.f('ix_tickets_issued_at'))
        batch_op.drop_index(batch_op.f('ix_tickets_day'))
        batch_op.drop_index(batch_op.f('ix_tickets_counter_id'))

    op.drop_table('tickets')
    op.drop_table('queue_day_counters')
