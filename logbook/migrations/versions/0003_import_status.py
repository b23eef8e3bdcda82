"""Import batches carry a status and a heartbeat: rows of a loading import stay hidden (issue 13).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 13:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision (batches stored before it are complete)."""
    with op.batch_alter_table("import_batches") as batch:
        batch.add_column(
            sa.Column("status", sa.String(length=10), nullable=False, server_default="complete")
        )
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("import_batches") as batch:
        batch.drop_column("heartbeat_at")
        batch.drop_column("status")
