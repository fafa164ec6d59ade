"""Forwarding up (province -> nation): the target and the queue of record versions to send.

Revision ID: h0002_forward
Revises: h0001_hub
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "h0002_forward"
down_revision = "h0001_hub"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "hub_forward_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("secret", sa.String(200), nullable=False),
        sa.Column("code", sa.String(4), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_forward_targets")),
    )
    op.create_table(
        "hub_forward_queue",
        sa.Column("site_code", sa.String(16), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("site_code", "record_id", name=op.f("pk_hub_forward_queue")),
    )


def downgrade():
    op.drop_table("hub_forward_queue")
    op.drop_table("hub_forward_targets")
