"""the waiting-line index leads with queue and day

People ahead of a new ticket, the next ticket to call and the waiting counts on the board all
ask for one queue's waiting tickets of one day; the old index (queue, status, priority, issued)
lacked the day, so those queries read the day's whole ticket list instead of the waiting line.

Revision ID: 0008_ticket_waiting_index
Revises: 0007_report_indexes
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008_ticket_waiting_index'
down_revision = '0007_report_indexes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_waiting')
        batch_op.create_index('ix_tickets_waiting', ['queue_id', 'day', 'status', 'priority', 'issued_at', 'seq'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_waiting')
        batch_op.create_index('ix_tickets_waiting', ['queue_id', 'status', 'priority', 'issued_at'], unique=False)
