"""survey responses, complaints, report rollups

Revision ID: 0004_survey
Revises: 0003_applications
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401
import mpp_lite.database  # noqa: F401  custom column types

# revision identifiers, used by Alembic.
revision = '0004_survey'
down_revision = '0003_applications'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
