"""The programme's figures: assisted digital submissions and offline transactions

Revision ID: figures_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "figures_0001"
down_revision = None
branch_labels = ("figures",)
depends_on = "0009"


def upgrade() -> None:
    op.create_table(
        "figures_assisted",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=100), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("staff_email", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"]),
        sa.PrimaryKeyConstraint("submission_id"),
    )
    op.create_table(
        "figures_offline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=100), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=254), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("count >= 0", name="ck_figures_offline_count"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_figures_offline_service_month", "figures_offline", ["service", "month"])


def downgrade() -> None:
    op.drop_index("ix_figures_offline_service_month", table_name="figures_offline")
    op.drop_table("figures_offline")
    op.drop_table("figures_assisted")
