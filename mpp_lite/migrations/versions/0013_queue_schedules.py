"""queues get a weekly schedule

A queue's single opening window becomes the same window on Monday to Friday (Saturday and
Sunday closed), as an MPP's week is; a queue without times keeps no schedule (open every day).

Revision ID: 0013_queue_schedules
Revises: 0012_official_holidays
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_queue_schedules'
down_revision = '0012_official_holidays'
branch_labels = None
depends_on = None

WORKDAYS = ("mon", "tue", "wed", "thu", "fri")


def _hhmm(value, default):
    if value is None:
        return default
    text = str(value)  # a time, or "HH:MM:SS" text on SQLite
    return text[:5]


def upgrade():
    with op.batch_alter_table('queues', schema=None) as batch_op:
        batch_op.add_column(sa.Column('schedule', sa.JSON(), nullable=True))
    queues = sa.table('queues', sa.column('id', sa.Integer), sa.column('opens_at', sa.Time),
                      sa.column('closes_at', sa.Time), sa.column('schedule', sa.JSON))
    connection = op.get_bind()
    rows = connection.execute(sa.select(queues.c.id, queues.c.opens_at, queues.c.closes_at)).all()
    for queue_id, opens, closes in rows:
        if opens is None and closes is None:
            continue
        window = [_hhmm(opens, "00:00"), _hhmm(closes, "24:00")]
        week = {day: ([window] if day in WORKDAYS else []) for day in (*WORKDAYS, "sat", "sun")}
        schedule = {"week": week, "quota": {}, "overrides": [], "policy": "strict", "interleave_ratio": None,
                    "last_ticket_margin_minutes": 0}
        connection.execute(queues.update().where(queues.c.id == queue_id).values(schedule=schedule))


def downgrade():
    with op.batch_alter_table('queues', schema=None) as batch_op:
        batch_op.drop_column('schedule')
