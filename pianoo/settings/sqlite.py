"""SQLite connection settings (why: pianoo/database.py). Pure: imported by the settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

BUSY_TIMEOUT_SECONDS = float(os.environ.get("DATABASE_BUSY_TIMEOUT", "5"))


def sqlite_options() -> dict[str, Any]:
    """DATABASES OPTIONS for SQLite: WAL, immediate write transactions, a busy timeout."""
    return {
        "transaction_mode": "IMMEDIATE",
        "timeout": BUSY_TIMEOUT_SECONDS,
        "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
    }


def must_exist(name: str) -> str:
    """The SQLite NAME as a URI that refuses to create a missing file (``mode=rw``)."""
    if name.startswith("file:"):
        return name
    return f"file:{Path(name).resolve()}?mode=rw"
