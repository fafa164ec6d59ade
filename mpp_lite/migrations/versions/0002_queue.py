"""queue tickets and devices

Revision ID: 0002_queue
Revises: 0001_foundation
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401
import mpp_lite.database  # noqa: F401  custom column types

# revision identifiers, used by Alembic.
revision = '0002_queue'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
