"""Which staff may help residents online (assisted digital), service by service

Revision ID: figures_0002
Revises: figures_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "figures_0002"
down_revision = "figures_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "figures_assisting_staff",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("staff_id", "service"),
    )


def downgrade() -> None:
    op.drop_table("figures_assisting_staff")
