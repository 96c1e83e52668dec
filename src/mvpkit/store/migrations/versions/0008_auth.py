"""One authentication stack: sessions and attempt counters for all; staff grants per service

Residents' sessions move to `auth_sessions` (they stay signed in); attempt counts start
afresh in `auth_attempts`; staff locks move there too. Existing staff accounts get no
grant: each must be granted the services it may sign in to.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "auth_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("realm", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_auth_sessions_subject", "auth_sessions", ["realm", "subject_id"])
    op.execute(
        "INSERT INTO auth_sessions (token_hash, realm, subject_id, scope, created_at, "
        "last_seen_at) SELECT token_hash, 'account', account_id, '', created_at, last_seen_at "
        "FROM account_sessions"
    )
    op.drop_index("ix_account_sessions_account_id", table_name="account_sessions")
    op.drop_table("account_sessions")
    op.create_table(
        "auth_attempts",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("window_ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key"),
    )
    op.create_index("ix_auth_attempts_window_ends", "auth_attempts", ["window_ends_at"])
    op.drop_index("ix_account_attempts_kind_key", table_name="account_attempts")
    op.drop_table("account_attempts")
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("failed_sign_ins")
        batch.drop_column("locked_until")
        batch.drop_column("last_failed_at")
    op.create_table(
        "staff_grants",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("staff_id", "service"),
    )


def downgrade() -> None:
    op.drop_table("staff_grants")
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(
            sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "account_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_account_attempts_kind_key", "account_attempts", ["kind", "key", "created_at"]
    )
    op.drop_index("ix_auth_attempts_window_ends", table_name="auth_attempts")
    op.drop_table("auth_attempts")
    op.create_table(
        "account_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_account_sessions_account_id", "account_sessions", ["account_id"])
    op.execute(
        "INSERT INTO account_sessions (token_hash, account_id, created_at, last_seen_at) "
        "SELECT token_hash, subject_id, created_at, last_seen_at FROM auth_sessions "
        "WHERE realm = 'account' AND subject_id IN (SELECT id FROM accounts)"
    )
    op.drop_index("ix_auth_sessions_subject", table_name="auth_sessions")
    op.drop_table("auth_sessions")
