"""indexes for the dashboard's application figures over years of data

Revision ID: 0007_report_indexes
Revises: 0006_operations
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007_report_indexes'
down_revision = '0006_operations'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index('ix_applications_ready_at', ['ready_at'], unique=False)
        batch_op.create_index('ix_applications_status_due_date', ['status', 'due_date'], unique=False)
        batch_op.create_index('ix_applications_received_at_status', ['received_at', 'status'], unique=False)


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_received_at_status')
        batch_op.drop_index('ix_applications_status_due_date')
        batch_op.drop_index('ix_applications_ready_at')
