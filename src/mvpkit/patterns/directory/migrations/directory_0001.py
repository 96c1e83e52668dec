"""The groups and events directory: listings, decisions, reports and monthly counts

Revision ID: directory_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "directory_0001"
down_revision = None
branch_labels = ("directory",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_listings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("who_for", sa.Text(), nullable=False),
        sa.Column("age_min", sa.Integer(), nullable=True),
        sa.Column("age_max", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("cost", sa.String(length=10), nullable=False),
        sa.Column("cost_details", sa.Text(), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("area", sa.String(length=5), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("repeat", sa.String(length=10), nullable=False),
        sa.Column("repeat_until", sa.Date(), nullable=True),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("week_of_month", sa.Integer(), nullable=True),
        sa.Column("first_day", sa.Integer(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("edit_version", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('group', 'event')", name="ck_directory_listings_kind"),
        sa.CheckConstraint(
            "status IN ('pending', 'published', 'changes_requested', 'rejected', 'withdrawn')",
            name="ck_directory_listings_status",
        ),
        sa.CheckConstraint("cost IN ('free', 'paid')", name="ck_directory_listings_cost"),
        sa.CheckConstraint(
            "repeat IN ('none', 'weekly', 'monthly')", name="ck_directory_listings_repeat"
        ),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="ck_directory_listings_weekday"),
        sa.CheckConstraint(
            "age_min IS NULL OR age_max IS NULL OR age_min <= age_max",
            name="ck_directory_listings_ages",
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("directory_listings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_directory_listings_found", ["service", "status", "ends_on"], unique=False
        )
        batch_op.create_index(
            "ix_directory_listings_category", ["service", "status", "category"], unique=False
        )
        batch_op.create_index(
            "ix_directory_listings_weekday", ["service", "status", "weekday"], unique=False
        )
        batch_op.create_index(
            "ix_directory_listings_area", ["service", "status", "area"], unique=False
        )
        batch_op.create_index(
            "ix_directory_listings_queue", ["service", "status", "updated_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_directory_listings_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "directory_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("staff_email", sa.String(length=254), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decision IN ('approved', 'changes_requested', 'rejected')",
            name="ck_directory_decisions_decision",
        ),
        sa.ForeignKeyConstraint(["listing_id"], ["directory_listings.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("directory_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_decisions_listing_id"), ["listing_id"], unique=False
        )

    op.create_table(
        "directory_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("what_is_wrong", sa.Text(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["listing_id"], ["directory_listings.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("directory_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_reports_listing_id"), ["listing_id"], unique=False
        )
        batch_op.create_index(
            "ix_directory_reports_open", ["resolved", "reported_at"], unique=False
        )

    op.create_table(
        "directory_counts",
        sa.Column("service", sa.String(length=100), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("service", "month", "name"),
    )


def downgrade() -> None:
    op.drop_table("directory_counts")
    with op.batch_alter_table("directory_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_directory_reports_open")
        batch_op.drop_index(batch_op.f("ix_directory_reports_listing_id"))
    op.drop_table("directory_reports")
    with op.batch_alter_table("directory_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_decisions_listing_id"))
    op.drop_table("directory_decisions")
    with op.batch_alter_table("directory_listings", schema=None) as batch_op:
        for name in (
            "ix_directory_listings_account_id",
            "ix_directory_listings_queue",
            "ix_directory_listings_area",
            "ix_directory_listings_weekday",
            "ix_directory_listings_category",
            "ix_directory_listings_found",
        ):
            batch_op.drop_index(name)
    op.drop_table("directory_listings")
