"""A listing keeps the reference of the submission that sent it

Revision ID: directory_0002
Revises: directory_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "directory_0002"
down_revision = "directory_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("directory_listings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reference", sa.String(length=32), nullable=True))
        batch_op.create_index(
            "ix_directory_listings_reference", ["service", "reference"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("directory_listings", schema=None) as batch_op:
        batch_op.drop_index("ix_directory_listings_reference")
        batch_op.drop_column("reference")
