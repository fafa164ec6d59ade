"""sign-in throttling per client and account, instead of locking the account

Failed sign-ins are counted per (client address, typed username): an attacker's tries slow that
pair down, with growing waits, while the account's owner at another PC signs in as usual.

Revision ID: 0010_login_throttle
Revises: 0009_staff_sessions
"""
import sqlalchemy as sa
from alembic import op

import mpp_lite.database

# revision identifiers, used by Alembic.
revision = '0010_login_throttle'
down_revision = '0009_staff_sessions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', mpp_lite.database.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttle'))
    )
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttle_username'), ['username'], unique=False)


def downgrade():
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttle_username'))
    op.drop_table('login_throttle')
