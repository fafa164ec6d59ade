"""USB bundles imported on the hub: one row per bundle (the records go where pushed ones go);
seen signatures keyed by site code first like every other table of received data (so a national
hub can distribute it by site on Citus too).

Revision ID: h0003_bundles
Revises: h0002_forward
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

import mpp_lite.database

revision = "h0003_bundles"
down_revision = "h0002_forward"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "hub_bundles",
        sa.Column("bundle_id", sa.String(64), nullable=False),
        sa.Column("site_code", sa.String(16), nullable=False),
        sa.Column("imported_at", mpp_lite.database.UTCDateTime(), nullable=False),
        sa.Column("imported_by", sa.String(80), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bundle_id", name=op.f("pk_hub_bundles")),
    )
    op.create_index(op.f("ix_hub_bundles_site_code"), "hub_bundles", ["site_code"])
    with op.batch_alter_table("hub_seen_signatures") as batch:
        batch.drop_constraint("pk_hub_seen_signatures", type_="primary")
        batch.create_primary_key("pk_hub_seen_signatures", ["site_code", "signature"])


def downgrade():
    with op.batch_alter_table("hub_seen_signatures") as batch:
        batch.drop_constraint("pk_hub_seen_signatures", type_="primary")
        batch.create_primary_key("pk_hub_seen_signatures", ["signature"])
    op.drop_index(op.f("ix_hub_bundles_site_code"), table_name="hub_bundles")
    op.drop_table("hub_bundles")
