"""counter sessions and priority groups

Counters get a state (open, paused with a reason and an expected return, closed), the operator
who opened them and whether they call priority tickets first; every change is a counter event.
Tickets record which priority group they were given (existing priority tickets keep
priority=true with no group).

Revision ID: 0014_counter_sessions
Revises: 0013_queue_schedules
"""
import sqlalchemy as sa
from alembic import op

import mpp_lite.database  # noqa: F401  custom column types

# revision identifiers, used by Alembic.
revision = '0014_counter_sessions'
down_revision = '0013_queue_schedules'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=16), server_default='open', nullable=False))
        batch_op.add_column(sa.Column('pause_reason', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('back_at', mpp_lite.database.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('state_since', mpp_lite.database.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('operator_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('operator_name', sa.String(length=80), server_default='', nullable=False))
        batch_op.add_column(sa.Column('priority_counter', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_counters_operator_id_users'), 'users', ['operator_id'], ['id'],
                                    ondelete='SET NULL')
    op.create_table(
        'counter_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('counter_id', sa.Integer(), nullable=False),
        sa.Column('at', mpp_lite.database.UTCDateTime(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.String(length=16), nullable=True),
        sa.Column('back_at', mpp_lite.database.UTCDateTime(), nullable=True),
        sa.Column('operator_id', sa.Integer(), nullable=True),
        sa.Column('actor', sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_counter_events_counter_id_counters'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_counter_events_operator_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_counter_events')),
    )
    with op.batch_alter_table('counter_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_counter_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_counter_events_counter_id'), ['counter_id'], unique=False)
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('priority_group', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('priority_group')
    with op.batch_alter_table('counter_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_counter_events_counter_id'))
        batch_op.drop_index(batch_op.f('ix_counter_events_at'))
    op.drop_table('counter_events')
    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_counters_operator_id_users'), type_='foreignkey')
        batch_op.drop_column('priority_counter')
        batch_op.drop_column('operator_name')
        batch_op.drop_column('operator_id')
        batch_op.drop_column('state_since')
        batch_op.drop_column('back_at')
        batch_op.drop_column('pause_reason')
        batch_op.drop_column('state')
