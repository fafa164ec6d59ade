"""applications, status steps, holidays

Revision ID: 0003_applications
Revises: 0002_queue
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401
import mpp_lite.database  # noqa: F401  custom column types

# revision identifiers, used by Alembic.
revision = '0003_applications'
down_revision = '0002_queue'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
