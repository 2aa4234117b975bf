"""One failure row per (article_id, stage), with its attempts, the latest failure and where to read it again.

Re-ingesting an input that fails again used to add a second row. Existing duplicates are folded into the
latest row: its attempts are the number of rows, its created_at the first failure, its last_failed_at the
latest. ``origin`` (the file path or URL `kharita ingest --retry-failed` reads again) stays NULL for existing
rows; retrying falls back to their ``source``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SAME_KEY = "f.article_id = failures.article_id AND f.stage = failures.stage"
_UNIQUE = "uq_failures_article_id_stage"


def upgrade() -> None:
    op.add_column("failures", sa.Column("origin", sa.String(), nullable=True))
    op.add_column("failures", sa.Column("attempts", sa.Integer(), server_default="1", nullable=False))
    op.add_column("failures", sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True))
    _fold_duplicates()
    op.drop_index("ix_failures_article_id", table_name="failures")
    with op.batch_alter_table("failures") as batch:
        batch.alter_column("last_failed_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.create_unique_constraint(_UNIQUE, ["article_id", "stage"])
        batch.create_index("ix_failures_origin", ["origin"])


def _fold_duplicates() -> None:
    """Keep the latest row of each (article_id, stage). Each statement reads only columns it does not write,
    so SQLite's row-by-row updates and PostgreSQL's snapshot give the same result."""
    op.execute("UPDATE failures SET last_failed_at = created_at")
    op.execute(
        f"UPDATE failures SET attempts = (SELECT count(*) FROM failures AS f WHERE {_SAME_KEY}), "
        f"created_at = (SELECT min(f.last_failed_at) FROM failures AS f WHERE {_SAME_KEY}) "
        f"WHERE id = (SELECT max(f.id) FROM failures AS f WHERE {_SAME_KEY})"
    )
    op.execute(f"DELETE FROM failures WHERE id <> (SELECT max(f.id) FROM failures AS f WHERE {_SAME_KEY})")


def downgrade() -> None:
    with op.batch_alter_table("failures") as batch:
        batch.drop_index("ix_failures_origin")
        batch.drop_constraint(_UNIQUE, type_="unique")
        batch.drop_column("last_failed_at")
        batch.drop_column("attempts")
        batch.drop_column("origin")
    op.create_index("ix_failures_article_id", "failures", ["article_id"])
