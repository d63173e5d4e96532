"""Consistent copies of a live SQLite database (the online backup API, never a file copy: WAL and
transactions in flight would make a copied file inconsistent). PostgreSQL has pg_dump."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from stirrup.errors import InvalidInput

PG_DUMP_HOWTO = """\
stirrup db backup copies SQLite databases. For PostgreSQL, use its own tools:
  pg_dump --format=custom --file=stirrup.dump "$DATABASE_URL"          # a consistent snapshot, online
  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" stirrup.dump   # to restore
and archive WAL (archive_command) for point-in-time recovery between dumps."""


def backup_sqlite(database_url: str, target: Path) -> int:
    """Copy the SQLite database at ``database_url`` into ``target`` while it stays in use; returns
    the number of pages copied. The copy is checked with PRAGMA integrity_check."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise InvalidInput.field("database", PG_DUMP_HOWTO)
    source_path = url.database
    if not source_path or source_path == ":memory:" or not Path(source_path).exists():
        raise InvalidInput.field("database", f"no SQLite database at {source_path!r}")
    if target.exists():
        raise InvalidInput.field("file", f"{target} exists already; choose a new file")
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy, pages=1024)  # in steps, so writers are never blocked for long
        pages = copy.execute("PRAGMA page_count").fetchone()[0]
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise InvalidInput.field("file", f"the copy in {target} failed its integrity check")
    finally:
        copy.close()
        source.close()
    return int(pages)
