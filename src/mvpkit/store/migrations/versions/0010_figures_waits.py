"""What the figures rank, kept beside the rows: each report's waits, each booking's days ahead

The columns start empty; the figures fill them in the database before they read them
(`store/waits.py`, and the booking pattern's figures), for old rows and new ones alike.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("status_events") as batch:
        batch.add_column(sa.Column("service", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("month", sa.String(length=7), nullable=True))
        batch.add_column(sa.Column("waited", sa.Float(), nullable=True))
        batch.create_index(
            "ix_status_events_waits", ["service", "status", "month", "waited"], unique=False
        )
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("month", sa.String(length=7), nullable=True))
        batch.add_column(sa.Column("days_ahead", sa.Float(), nullable=True))
        batch.create_index("ix_bookings_ahead", ["service", "month", "days_ahead"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_index("ix_bookings_ahead")
        batch.drop_column("days_ahead")
        batch.drop_column("month")
    with op.batch_alter_table("status_events") as batch:
        batch.drop_index("ix_status_events_waits")
        batch.drop_column("waited")
        batch.drop_column("month")
        batch.drop_column("service")
