"""staff sessions kept on the server

A staff sign-in is a row: logout ends it, a password reset ends all of the user's, and its age
(from sign-in, not from the last request) bounds it, so a copied cookie stops working.

Revision ID: 0009_staff_sessions
Revises: 0008_ticket_waiting_index
"""
import sqlalchemy as sa
from alembic import op

import mpp_lite.database

# revision identifiers, used by Alembic.
revision = '0009_staff_sessions'
down_revision = '0008_ticket_waiting_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('staff_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.Column('ended_at', mpp_lite.database.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_staff_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_sessions'))
    )
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_sessions_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_sessions_user_id'))
    op.drop_table('staff_sessions')
