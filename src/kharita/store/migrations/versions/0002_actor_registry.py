"""Actor registry in the database: registry key, reviewed flag, aliases, merges, origin.

Existing actors keep working: their key is NULL, they count as reviewed and extracted, with no aliases.
SQLite rebuilds the table (copy, drop, rename): run it through ``kharita.store.migrate``, which switches
SQLite's foreign key checks off around migrations, as SQLite's documentation asks for table rebuilds.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FK = "fk_actors_merged_into_id_actors"
_CK = "ck_actors_origin"


def upgrade() -> None:
    with op.batch_alter_table("actors") as batch:
        batch.add_column(sa.Column("key", sa.String(), nullable=True))
        batch.add_column(sa.Column("reviewed", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch.add_column(sa.Column("aliases", sa.Text(), server_default="[]", nullable=False))
        batch.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("origin", sa.String(16), server_default="extracted", nullable=False))
        batch.create_foreign_key(_FK, "actors", ["merged_into_id"], ["id"])
        batch.create_check_constraint(_CK, "origin IN ('extracted', 'curated', 'added')")
        batch.create_index("ix_actors_key", ["key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("actors") as batch:
        batch.drop_index("ix_actors_key")
        batch.drop_constraint(_CK, type_="check")
        batch.drop_constraint(_FK, type_="foreignkey")
        for column in ("origin", "merged_into_id", "aliases", "reviewed", "key"):
            batch.drop_column(column)
