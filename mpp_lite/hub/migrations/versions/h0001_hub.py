"""The hub: sites and secrets, users and tokens, received records, daily roll-ups.

Revision ID: h0001_hub
Revises:
Create Date: 2026-12-06

On PostgreSQL `hub_records` is partitioned by range of the record's local day, one partition
per month, made at ingest when a month first appears (`mpp_lite.hub.ingest.ensure_partitions`).
"""

import sqlalchemy as sa
from alembic import op

import mpp_lite.database

revision = "h0001_hub"
down_revision = None
branch_labels = None
depends_on = None

UTC = mpp_lite.database.UTCDateTime


def upgrade():
    op.create_table(
        "hub_sites",
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.String(160), nullable=False),
        sa.Column("province", sa.String(4), nullable=False),
        sa.Column("timezone", sa.String(40), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("last_sync_at", UTC(), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_hub_sites")),
    )
    op.create_index(op.f("ix_hub_sites_province"), "hub_sites", ["province"])
    op.create_index("ix_hub_sites_province_code", "hub_sites", ["province", "code"])
    op.create_table(
        "hub_site_secrets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_code", sa.String(16), nullable=False),
        sa.Column("secret", sa.String(128), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("valid_until", UTC(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_site_secrets")),
    )
    op.create_index(op.f("ix_hub_site_secrets_site_code"), "hub_site_secrets", ["site_code"])
    op.create_table(
        "hub_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("scope", sa.String(16), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_users")),
        sa.UniqueConstraint("username", name=op.f("uq_hub_users_username")),
    )
    op.create_table(
        "hub_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("scope", sa.String(16), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_tokens")),
        sa.UniqueConstraint("name", name=op.f("uq_hub_tokens_name")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_hub_tokens_token_hash")),
    )
    op.create_table(
        "hub_records",
        sa.Column("site_code", sa.String(16), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.String(40), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("received_at", UTC(), nullable=False),
        sa.PrimaryKeyConstraint("site_code", "record_id", "day", name=op.f("pk_hub_records")),
        postgresql_partition_by="RANGE (day)",
    )
    op.create_table(
        "hub_services",
        sa.Column("site_code", sa.String(16), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("received_at", UTC(), nullable=False),
        sa.PrimaryKeyConstraint("site_code", "record_id", name=op.f("pk_hub_services")),
    )
    counts = [
        "tickets",
        "visitors",
        "served",
        "no_show",
        "wait_n",
        "applications_received",
        "applications_due",
        "applications_ready",
        "applications_on_time",
        "survey_n",
        "u1",
        "u2",
        "u3",
        "u4",
        "u5",
        "u6",
        "u7",
        "u8",
        "u9",
        "complaints_received",
    ]
    op.create_table(
        "hub_daily",
        sa.Column("site_code", sa.String(16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in counts],
        sa.Column("wait_seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("site_code", "day", name=op.f("pk_hub_daily")),
    )
    op.create_table(
        "hub_daily_waits",
        sa.Column("site_code", sa.String(16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("site_code", "day", "minute", name=op.f("pk_hub_daily_waits")),
    )
    op.create_table(
        "hub_open_complaints",
        sa.Column("site_code", sa.String(16), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("site_code", "record_id", name=op.f("pk_hub_open_complaints")),
    )
    op.create_table(
        "hub_seen_signatures",
        sa.Column("signature", sa.String(64), nullable=False),
        sa.Column("site_code", sa.String(16), nullable=False),
        sa.Column("seen_at", UTC(), nullable=False),
        sa.PrimaryKeyConstraint("signature", name=op.f("pk_hub_seen_signatures")),
    )
    op.create_index(op.f("ix_hub_seen_signatures_seen_at"), "hub_seen_signatures", ["seen_at"])
    op.create_table(
        "hub_refusals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTC(), nullable=False),
        sa.Column("site_code", sa.String(40), nullable=False),
        sa.Column("remote_addr", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_refusals")),
    )
    op.create_index(op.f("ix_hub_refusals_at"), "hub_refusals", ["at"])


def downgrade():
    for table in (
        "hub_refusals",
        "hub_seen_signatures",
        "hub_open_complaints",
        "hub_daily_waits",
        "hub_daily",
        "hub_services",
        "hub_records",
        "hub_tokens",
        "hub_users",
        "hub_site_secrets",
        "hub_sites",
    ):
        op.drop_table(table)
