"""Back up and restore the whole database: SQLite's online backup API, or pg_dump/pg_restore.

Used by the `backup_db` and `restore_db` commands; see docs/deployment.md.

Backups hold everything visitors left, so they are written mode 0600 (in a 0700
directory, `backups/` by default, which git ignores).

A restore is safe while the site serves, so it needs no downtime:
- SQLite: the backup is copied into the live file through SQLite's backup API, in
  one locked step; every server's connection reads the same file, so the next
  request sees the restored data. When the file was deleted, the restore creates a
  new one at the same path (moving a stale -wal/-shm of the deleted file aside, which
  SQLite would otherwise replay into it), and each server reconnects to it at its
  next request (pianoo/database.py notices the path names another file).
- PostgreSQL: pg_restore's script (--clean) in one transaction that locks every table
  first, so the servers' requests wait for its commit instead of deadlocking with it;
  their persistent connections then read the restored tables, with nothing to reconnect.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

from django.db import connections
from django.utils import timezone

from pianoo.database import sqlite_path


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message says what to fix."""


def _vendor(alias: str) -> str:
    return str(connections[alias].vendor)


def _pg_env(settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def backup(path: Path, alias: str = "default") -> None:
    """Write a consistent copy of database `alias` to `path`."""
    connection = connections[alias]
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    # Created 0600 before anything is written; pg_dump keeps the mode of the file it truncates.
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    if _vendor(alias) == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif _vendor(alias) == "postgresql":
        args, env = _pg_env(connection.settings_dict)
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", *args]
        command += ["--file", str(path), str(connection.settings_dict["NAME"])]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    else:
        raise BackupError(f"No backup procedure for the {_vendor(alias)} database backend.")


def restore(path: Path, alias: str = "default") -> None:
    """Replace the whole content of database `alias` with the backup at `path`."""
    if not path.is_file():
        raise BackupError(f"Backup file {path} does not exist.")
    connection = connections[alias]
    if _vendor(alias) == "sqlite":
        try:
            with sqlite3.connect(path) as source:
                intact = source.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            intact = False
        if not intact:
            raise BackupError(f"{path} is not an intact SQLite database.")
        _restore_sqlite(path, connection)
    elif _vendor(alias) == "postgresql":
        connection.close()
        _restore_postgresql(path, connection.settings_dict)
    else:
        raise BackupError(f"No restore procedure for the {_vendor(alias)} database backend.")


# Before the restore script touches anything, its transaction takes every table of the schema
# at once. Run as pg_restore runs it, table after table, it deadlocks with the site's own
# transactions (a feedback post holding one table while asking for the next); holding them
# all first, the site's requests just wait for the commit. The wait for them is short
# (lock_timeout) and the whole attempt is repeated, so no visitor's transaction is ever the
# one PostgreSQL aborts.
LOCK_EVERY_TABLE = """
SET LOCAL lock_timeout = '200ms';
DO $$
DECLARE statement text;
BEGIN
    SELECT 'LOCK TABLE ' || string_agg(format('%I.%I', schemaname, tablename), ', ')
           || ' IN ACCESS EXCLUSIVE MODE'
      INTO statement FROM pg_catalog.pg_tables WHERE schemaname = current_schema();
    IF statement IS NOT NULL THEN
        EXECUTE statement;
    END IF;
END $$;
SET LOCAL lock_timeout = 0;
"""
LOCK_ATTEMPTS = 50


def _restore_postgresql(path: Path, settings: dict[str, Any]) -> None:
    """pg_restore's script, run by psql in one transaction that first locks every table."""
    args, env = _pg_env(settings)
    script = subprocess.run(  # noqa: S603 - writes the SQL only, connects to nothing
        [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--file", "-"]
        + [str(path)],
        env=env,
        capture_output=True,
        check=False,
    )
    if script.returncode:
        raise BackupError(f"pg_restore failed: {script.stderr.decode(errors='replace').strip()}")
    command = [_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1"]
    command += [*args, "--dbname", str(settings["NAME"]), "--file", "-"]
    body = LOCK_EVERY_TABLE.encode() + script.stdout
    for _attempt in range(LOCK_ATTEMPTS):
        result = subprocess.run(command, input=body, env=env, capture_output=True, check=False)  # noqa: S603
        if not result.returncode:
            return
        error = result.stderr.decode(errors="replace").strip()
        if "lock timeout" not in error and "deadlock detected" not in error:
            break
        time.sleep(0.1)
    raise BackupError(f"Restore failed: {error}")


def _restore_sqlite(path: Path, connection: Any) -> None:
    database = sqlite_path(connection)
    if database is None:  # in memory (tests): into this process's connection
        source = sqlite3.connect(path)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        return
    if not database.exists():
        # The -wal and -shm beside a deleted database belong to it: SQLite would replay
        # them into the new file. Keep them, under another name, for whoever needs them.
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        for suffix in ("-wal", "-shm"):
            stale = database.with_name(database.name + suffix)
            if stale.exists():
                stale.rename(stale.with_name(f"{stale.name}.stale-{stamp}"))
    connection.close()
    source = sqlite3.connect(path)
    target = sqlite3.connect(database, timeout=30)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        source.close()
