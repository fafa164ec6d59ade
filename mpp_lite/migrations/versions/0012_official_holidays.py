"""official holiday lists per year

The bundled `holidays` data estimates religious holidays and has no cuti bersama for years the
government has not yet decided; the admin imports the year's official list (SKB) into this table,
which then replaces the bundled data for that year.

Revision ID: 0012_official_holidays
Revises: 0011_survey_bursts
"""
import sqlalchemy as sa
from alembic import op

from mpp_lite.database import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0012_official_holidays'
down_revision = '0011_survey_bursts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'official_holidays',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('imported_by', sa.String(length=80), nullable=False),
        sa.Column('imported_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_official_holidays')),
        sa.UniqueConstraint('day', name=op.f('uq_official_holidays_day')),
    )
    with op.batch_alter_table('official_holidays', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_official_holidays_year'), ['year'], unique=False)


def downgrade():
    with op.batch_alter_table('official_holidays', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_official_holidays_year'))
    op.drop_table('official_holidays')
