"""bookings, seat counters, outgoing messages

Bookings of a queue's slots (with the per-slot seat counters that make taking a seat atomic),
the moment a booked ticket may be called, and the outgoing messages with their channels and
editable templates.

Revision ID: 0016_bookings
Revises: 0015_evaluation_evidence
"""
import sqlalchemy as sa
from alembic import op

import mpp_lite.database  # noqa: F401  custom column types

# revision identifiers, used by Alembic.
revision = '0016_bookings'
down_revision = '0015_evaluation_evidence'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'bookings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=9), nullable=False),
        sa.Column('queue_id', sa.Integer(), nullable=False),
        sa.Column('service_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('slot_start', mpp_lite.database.UTCDateTime(), nullable=False),
        sa.Column('slot_end', mpp_lite.database.UTCDateTime(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('external_ref', sa.String(length=120), nullable=True),
        sa.Column('client', sa.String(length=32), nullable=False),
        sa.Column('created_by', sa.String(length=80), nullable=False),
        sa.Column('created_at', mpp_lite.database.UTCDateTime(), nullable=False),
        sa.Column('updated_at', mpp_lite.database.UTCDateTime(), nullable=True),
        sa.Column('checked_in_at', mpp_lite.database.UTCDateTime(), nullable=True),
        sa.Column('cancelled_at', mpp_lite.database.UTCDateTime(), nullable=True),
        sa.Column('ticket_id', sa.Integer(), nullable=True),
        sa.Column('uid', sa.String(length=36), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.ForeignKeyConstraint(['queue_id'], ['queues.id'], name=op.f('fk_bookings_queue_id_queues')),
        sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_bookings_service_id_services')),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_bookings_ticket_id_tickets'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bookings')),
        sa.UniqueConstraint('code', name=op.f('uq_bookings_code')),
        sa.UniqueConstraint('external_ref', name=op.f('uq_bookings_external_ref')),
        sa.UniqueConstraint('uid', name=op.f('uq_bookings_uid')),
    )
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.create_index('ix_bookings_queue_slot', ['queue_id', 'slot_start', 'status'], unique=False)
        batch_op.create_index('ix_bookings_phone_created', ['phone', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_client'), ['client'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_status'), ['status'], unique=False)
    op.create_table(
        'booking_seats',
        sa.Column('queue_id', sa.Integer(), nullable=False),
        sa.Column('slot_start', mpp_lite.database.UTCDateTime(), nullable=False),
        sa.Column('taken', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['queue_id'], ['queues.id'], name=op.f('fk_booking_seats_queue_id_queues'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('queue_id', 'slot_start', name=op.f('pk_booking_seats')),
    )
    op.create_table(
        'outgoing_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event', sa.String(length=32), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('recipient', sa.String(length=120), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('reference', sa.String(length=40), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', mpp_lite.database.UTCDateTime(), nullable=True),
        sa.Column('last_error', sa.String(length=300), nullable=False),
        sa.Column('created_at', mpp_lite.database.UTCDateTime(), nullable=False),
        sa.Column('sent_at', mpp_lite.database.UTCDateTime(), nullable=True),
        sa.Column('sent_by', sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_messages')),
    )
    with op.batch_alter_table('outgoing_messages', schema=None) as batch_op:
        batch_op.create_index('ix_outgoing_messages_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_messages_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_messages_status'), ['status'], unique=False)
    op.create_table(
        'message_channels',
        sa.Column('name', sa.String(length=16), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('settings', sa.JSON(), nullable=False),
        sa.Column('updated_at', mpp_lite.database.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_message_channels')),
    )
    op.create_table(
        'message_templates',
        sa.Column('event', sa.String(length=32), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('updated_at', mpp_lite.database.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('event', name=op.f('pk_message_templates')),
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('callable_from', mpp_lite.database.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('callable_from')
    op.drop_table('message_templates')
    op.drop_table('message_channels')
    with op.batch_alter_table('outgoing_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outgoing_messages_status'))
        batch_op.drop_index(batch_op.f('ix_outgoing_messages_created_at'))
        batch_op.drop_index('ix_outgoing_messages_due')
    op.drop_table('outgoing_messages')
    op.drop_table('booking_seats')
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        for name in ('ix_bookings_status', 'ix_bookings_service_id', 'ix_bookings_day', 'ix_bookings_created_at',
                     'ix_bookings_client', 'ix_bookings_phone_created', 'ix_bookings_queue_slot'):
            batch_op.drop_index(name)
    op.drop_table('bookings')
