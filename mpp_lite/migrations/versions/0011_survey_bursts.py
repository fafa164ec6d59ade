"""walk-up survey responses in a burst are kept but flagged, and not counted in the IKM

Revision ID: 0011_survey_bursts
Revises: 0010_login_throttle
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_survey_bursts'
down_revision = '0010_login_throttle'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flagged', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_column('flagged')
