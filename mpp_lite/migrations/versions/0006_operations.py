"""backups, retention and operations

Revision ID: 0006_operations
Revises: 0005_sync
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401
import mpp_lite.database  # noqa: F401  custom column types

# revision identifiers, used by Alembic.
revision = '0006_operations'
down_revision = '0005_sync'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
