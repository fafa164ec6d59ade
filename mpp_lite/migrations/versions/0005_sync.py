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
    pass


def downgrade():
    pass
