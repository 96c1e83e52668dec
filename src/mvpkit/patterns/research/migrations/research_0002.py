"""Research findings: a note or an error made into a user need, with its route

Revision ID: research_0002
Revises: research_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "research_0002"
down_revision = "research_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "research_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=100), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.String(length=200), nullable=False),
        sa.Column("route", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("need", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["research_participants.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_research_findings_round", "research_findings", ["service", "round", "id"])


def downgrade() -> None:
    op.drop_index("ix_research_findings_round", table_name="research_findings")
    op.drop_table("research_findings")
