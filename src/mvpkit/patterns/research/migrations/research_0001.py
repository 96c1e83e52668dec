"""Research mode: passwords, participants, their events and notes

Revision ID: research_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "research_0001"
down_revision = None
branch_labels = ("research",)
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "research_passwords",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("revoked_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "research_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=100), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("start_token_hash", sa.String(length=64), nullable=False),
        sa.Column("scenario", sa.String(length=100), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("started_at", WHEN, nullable=True),
        sa.Column("device", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("service", "round", "code"),
        sa.UniqueConstraint("start_token_hash"),
    )
    for table, extra in (
        (
            "research_events",
            [
                sa.Column("kind", sa.String(length=20), nullable=False),
                sa.Column("page", sa.String(length=200), nullable=False),
                sa.Column("question", sa.String(length=100), nullable=True),
                sa.Column("detail", sa.Text(), nullable=False),
                sa.Column("device", sa.String(length=10), nullable=False),
                sa.Column("draft", sa.String(length=64), nullable=True),
            ],
        ),
        (
            "research_notes",
            [
                sa.Column("page", sa.String(length=200), nullable=False),
                sa.Column("text", sa.Text(), nullable=False),
                sa.Column("by", sa.String(length=100), nullable=False),
            ],
        ),
    ):
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("participant_id", sa.Integer(), nullable=False),
            sa.Column("at", WHEN, nullable=False),
            *extra,
            sa.ForeignKeyConstraint(
                ["participant_id"], ["research_participants.id"], ondelete="CASCADE"
            ),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(f"ix_{table}_participant", table, ["participant_id", "id"])


def downgrade() -> None:
    for table in ("research_notes", "research_events"):
        op.drop_index(f"ix_{table}_participant", table_name=table)
        op.drop_table(table)
    op.drop_table("research_participants")
    op.drop_table("research_passwords")
