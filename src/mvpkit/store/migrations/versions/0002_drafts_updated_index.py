"""Index drafts by last update, so expired drafts are found quickly

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_drafts_updated", "drafts", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_drafts_updated", table_name="drafts")
