"""Built sites for the tests that run the real server: migrated once per test run, then copied.

The browser tests, the fault battery and the Redis tests each start gunicorn on a
database of their own. Building one from scratch (migrate, import_source,
collectstatic) costs about 45 s of CPU on a 2-core machine; they used to do it
four to six times per run. Here the first test that needs a site builds the
templates once per run, under a file lock that all pytest-xdist workers share,
and every site after that is a copy of an SQLite file (milliseconds):

- `migrated`: the migrations applied, nothing imported;
- `imported`: that plus `import_source` of the real source (content and pages);
- one collected static directory, shared read-only by every server.

`site_environment(...)` gives the production-settings environment for a copy.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass(frozen=True)
class Templates:
    migrated: Path
    imported: Path
    static: Path


def production_environment(database_url: str, static_root: Path, **extra: str) -> dict[str, str]:
    """Production settings on `database_url`, as `make run` serves; no Redis unless `extra` names one."""
    inherited = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "pianoo.settings.production",
        "DJANGO_HTTPS": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48)[:64],
        "DATABASE_URL": database_url,
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_REQUEST_LOG": "false",
        "GUNICORN_ACCESS_LOG": "false",
        "PYTHONUNBUFFERED": "1",
        # the unit tests' parse of the real source, reused (importers/parse_cache.py)
        "DJANGO_PARSE_CACHE_DIR": str(settings.PARSE_CACHE_DIR),
        **extra,
    }


def manage(env: dict[str, str], *command: str) -> None:
    """`manage.py <command>` in `env`; a failure fails the test with the command's output."""
    result = subprocess.run(
        [PYTHON, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


def _run_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory all workers of this run share: xdist gives each worker a subdirectory of it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _settle(path: Path) -> None:
    """Fold the write-ahead log into the file, so that copying the file alone copies everything."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    """The run's site templates, built by the first caller in any worker; the others wait for it."""
    folder = _run_root(tmp_path_factory) / "site-templates"
    folder.mkdir(exist_ok=True)
    built = Templates(folder / "migrated.sqlite3", folder / "imported.sqlite3", folder / "static")
    with (folder / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "done").exists():
            _build(built, folder)
            (folder / "done").touch()
    return built


def _build(built: Templates, folder: Path) -> None:
    work = folder / "work.sqlite3"
    env = production_environment(f"sqlite:///{work}", built.static)
    manage(env, "migrate", "--noinput", "-v0")
    _settle(work)
    shutil.copyfile(work, built.migrated)
    manage(env, "import_source")
    manage(env, "collectstatic", "--noinput", "-v0")
    _settle(work)
    work.rename(built.imported)


def copy_database(template: Path, folder: Path) -> Path:
    """A private copy of a template database in `folder`, as `folder/db.sqlite3`."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "db.sqlite3"
    for stale in (target, folder / "db.sqlite3-wal", folder / "db.sqlite3-shm"):
        stale.unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target


def site_environment(
    tmp_path_factory: pytest.TempPathFactory, folder: Path, *, imported: bool = True, **extra: str
) -> dict[str, str]:
    """A copy of the imported (or only migrated) template in `folder`, and its server environment."""
    built = templates(tmp_path_factory)
    database = copy_database(built.imported if imported else built.migrated, folder)
    return production_environment(f"sqlite:///{database}", built.static, **extra)
