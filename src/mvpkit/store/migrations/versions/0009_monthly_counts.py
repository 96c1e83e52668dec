"""Counts by month for each service's figures: visits by device, journeys started, look-ups

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monthly_counts",
        sa.Column("service", sa.String(length=100), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("dimension", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("service", "month", "name", "dimension"),
    )


def downgrade() -> None:
    op.drop_table("monthly_counts")
