"""The fault battery against real servers: two gunicorn servers (two workers each) on one SQLite file.

Production settings, the real source imported. Every test counts 500s (there must
be none), records (none lost, none doubled where the database can tell) and what
/health/ says. The servers sit behind a pretend proxy: they trust X-Forwarded-For
from 127.0.0.1 (RATELIMIT_TRUSTED_PROXIES, one hop), so each test can be its own
client address, as a load balancer would report it.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.sites import manage, production_environment, site_environment, templates

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Answer:
    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> dict:
        return json.loads(self.body)


def request(url: str, data: dict | None = None, headers: dict[str, str] | None = None) -> Answer:
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return Answer(response.status, response.read().decode(), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read().decode(), dict(error.headers))


POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
# Every battery runs on SQLite; `make test-postgres` (DATABASE_URL=postgres://...) adds PostgreSQL.
BACKENDS = ["sqlite", "postgresql"] if POSTGRES else ["sqlite"]


class Database:
    """Direct access to the servers' database, from outside them."""

    def __init__(self, url: str, path: Path | None) -> None:
        self.url, self.path = url, path

    def rows(self, sql: str) -> list[tuple]:
        if self.path is not None:
            with sqlite3.connect(self.path, timeout=10) as connection:
                return connection.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://", 1)) as connection:
            return connection.execute(sql).fetchall()

    def count(self, table: str) -> int:
        return int(self.rows(f"SELECT COUNT(*) FROM {table}")[0][0])  # noqa: S608 - test tables

    def a_tip(self) -> int:
        return int(self.rows("SELECT id FROM cms_tip WHERE live ORDER BY id LIMIT 1")[0][0])


def _postgres_database() -> str:
    """A new, empty PostgreSQL database on the server of DATABASE_URL; its URL."""
    import psycopg

    base = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    name = "faults_" + secrets.token_hex(4)
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name


def _start(backend: str, tmp: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    extra = {
        "WEB_CONCURRENCY": "2",
        "RATELIMIT_PROXY_COUNT": "1",
        "RATELIMIT_TRUSTED_PROXIES": "127.0.0.1",
    }
    if backend == "sqlite":
        # A copy of the run's imported template (tests/sites.py): migrate and import once per run.
        env = {**site_environment(tmp_path_factory, tmp), **extra}
        url = env["DATABASE_URL"]
        path: Path | None = tmp / "db.sqlite3"
    else:
        url, path = _postgres_database(), None
        env = production_environment(url, templates(tmp_path_factory).static, **extra)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "import_source")
    manage(env, "shell", "-c", CREATE_EDITOR)
    python = sys.executable
    gunicorn = str(Path(python).parent / "gunicorn")
    processes, bases, logs = [], [], []
    try:
        for n in range(2):
            port = free_port()
            log = open(tmp / f"gunicorn-{n}.log", "w+")  # noqa: SIM115 - closed below
            logs.append(log)
            processes.append(
                subprocess.Popen(
                    [gunicorn, "pianoo.wsgi", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base in bases:
            deadline = time.monotonic() + 90
            while not (_listening(base) and _healthy(base)):
                if time.monotonic() > deadline:
                    raise AssertionError(f"{base} did not come up")
                time.sleep(0.3)
        yield {
            "env": env,
            "db": path,
            "database": Database(url, path),
            "bases": bases,
            "tmp": tmp,
            "logs": logs,
        }
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
        for log in logs:
            log.close()


@pytest.fixture(scope="module", params=BACKENDS)
def servers(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Two gunicorn servers on each configured database."""
    yield from _start(request.param, tmp_path_factory.mktemp(f"faults-{request.param}"), tmp_path_factory)


# The faults of a database file (missing, swapped, restored onto a deleted one) are SQLite's.
sqlite_only = pytest.mark.parametrize("servers", ["sqlite"], indirect=True)


CREATE_EDITOR = """
from users.models import User
User.objects.create_superuser("redacteur", "r@example.org", "juist-wachtwoord-123")
"""


def _listening(base: str) -> bool:
    host, port = base.rsplit("/", 1)[1].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        return False
    return True


def _healthy(base: str) -> bool:
    try:
        return request(base + "/health/").status == 200
    except OSError:  # a worker still starting on a busy machine: not up yet
        return False


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db, timeout=10) as connection:
        return connection.execute(sql).fetchall()


def client(address: str, **headers: str) -> dict[str, str]:
    """What our pretend proxy sends for a visitor at `address`."""
    return {"X-Forwarded-For": address, **headers}


def retry_or_success(answer: Answer) -> bool:
    """A success, or a clear Dutch "try again" (503 with Retry-After)."""
    if answer.status in (200, 201):
        return True
    return (
        answer.status == 503
        and bool(answer.headers.get("Retry-After"))
        and "Probeer het over een paar seconden opnieuw" in answer.body
    )


def test_twenty_simultaneous_identical_posts_at_two_servers_never_give_a_500(servers):
    database, bases = servers["database"], servers["bases"]
    tip = database.a_tip()
    before = database.count("feedback_feedback")
    payload = {"kind": "tip", "id": tip, "helpful": False, "cell": "Fa"}
    barrier = threading.Barrier(20)
    answers: list[Answer] = []

    def post(n: int) -> None:
        barrier.wait()
        answers.append(request(bases[n % 2] + "/api/feedback/", payload, client("198.51.100.20")))

    threads = [threading.Thread(target=post, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(a.status for a in answers)
    assert 500 not in statuses, statuses
    assert all(retry_or_success(a) for a in answers), statuses
    stored = database.count("feedback_feedback") - before
    # One vote, not twenty: the repeats update the first record whichever worker or server takes
    # them (the FeedbackVote row's unique key, feedback/recording.py), and none is lost.
    assert sum(a.status in (200, 201) for a in answers) >= 1
    assert stored == 1, (stored, statuses)


def test_import_force_under_a_stream_of_posts_finishes_and_every_post_succeeds_or_says_retry(servers):
    bases, env = servers["bases"], servers["env"]
    tip = servers["database"].a_tip()
    stop = threading.Event()
    answers: list[Answer] = []
    moments: list[float] = []

    def stream(n: int) -> None:
        i = 0
        while not stop.is_set():
            i += 1
            payload: dict[str, object] = {"kind": "general", "comment": f"Stroom {n}-{i}"}
            if i % 2:
                payload = {"kind": "tip", "id": tip, "helpful": bool(i % 4 == 1)}
            answer = request(bases[n % 2] + "/api/feedback/", payload, client(f"198.51.100.{30 + n}"))
            answers.append(answer)
            moments.append(time.monotonic())
            time.sleep(0.05)

    threads = [threading.Thread(target=stream, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", "import_source", "--force"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        finished = time.monotonic()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert result.returncode == 0, result.stderr[-2000:]
    # The posts really ran while the import did.
    assert sum(started < moment < finished for moment in moments) >= 10
    assert "Import voltooid." in result.stdout and "Traceback" not in result.stderr
    assert len(answers) > 10
    statuses = [a.status for a in answers]
    assert 500 not in statuses
    refused = [a for a in answers if not retry_or_success(a) and a.status != 429]
    assert not refused, [(a.status, a.body[:200]) for a in refused]


@sqlite_only
def test_health_tells_the_truth_about_a_missing_and_a_swapped_file_and_never_creates_one(servers):
    db, bases = servers["db"], servers["bases"]
    aside = db.with_name("elders.sqlite3")
    try:
        db.rename(aside)
        for base in bases * 2:  # every worker, whichever answers
            health = request(base + "/health/")
            assert health.status == 503 and health.json()["database"] == "missing"
            page = request(base + "/api/wegwijzer/")
            assert page.status == 503 and page.headers.get("Retry-After")
            assert "opnieuw" in page.json()["error"]["message"]
        assert not db.exists()  # neither health nor a page created an empty database

        db.write_bytes(b"dit is geen database" * 100)
        for base in bases * 2:
            health = request(base + "/health/")
            assert health.status == 503 and health.json()["status"] == "error"
            assert request(base + "/wegwijzer/").status == 503
    finally:
        db.unlink(missing_ok=True)
        aside.rename(db)
    for base in bases * 2:
        assert request(base + "/health/").json() == {"status": "ok", "database": "ok", "cache": "ok"}


@sqlite_only
def test_restore_onto_a_deleted_database_while_serving_then_writes_succeed(servers):
    db, bases, env = servers["db"], servers["bases"], servers["env"]
    backup = servers["tmp"] / "backups" / "db.sqlite3"
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "backup_db", "--output", str(backup)], cwd=ROOT, env=env, check=True)
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    tips = rows(backup, "SELECT COUNT(*) FROM cms_tip")[0][0]
    for base in bases * 2:  # every worker holds a connection to the file
        assert request(base + "/api/wegwijzer/").status == 200

    db.unlink()
    restored = subprocess.run([*manage, "restore_db", "--input", str(backup), "--yes"], cwd=ROOT, env=env)
    assert restored.returncode == 0
    assert rows(db, "SELECT COUNT(*) FROM cms_tip")[0][0] == tips

    before = rows(db, "SELECT COUNT(*) FROM feedback_feedback")[0][0]
    for n, base in enumerate(bases * 3):
        answer = request(
            base + "/api/feedback/",
            {"kind": "general", "comment": f"Na herstel {n}"},
            client(f"203.0.113.{n}"),
        )
        assert answer.status == 201, answer.body
    # Every write went into the restored file, not into the deleted one the workers had open.
    assert rows(db, "SELECT COUNT(*) FROM feedback_feedback")[0][0] == before + 6


def test_restore_under_traffic_brings_the_backup_back_and_then_writes_succeed(servers):
    """On every database: restore_db while both servers serve a stream of reads and posts.

    SQLite copies the backup into the live file; PostgreSQL runs pg_restore --clean in one
    transaction under the servers' persistent connections (docs/deployment.md, Backups).
    """
    database, bases, env = servers["database"], servers["bases"], servers["env"]
    backup = servers["tmp"] / "backups" / "under-traffic.dump"
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "backup_db", "--output", str(backup)], cwd=ROOT, env=env, check=True)
    marker = "Na de back-up, voor het herstel " + secrets.token_hex(4)
    late = request(
        bases[0] + "/api/feedback/", {"kind": "general", "comment": marker}, client("203.0.113.50")
    )
    assert late.status == 201
    assert database.rows(f"SELECT COUNT(*) FROM feedback_feedback WHERE comment = '{marker}'")[0][0] == 1  # noqa: S608

    stop = threading.Event()
    answers: list[tuple[str, Answer]] = []

    def stream(n: int) -> None:
        i = 0
        while not stop.is_set():
            i += 1
            base = bases[(n + i) % 2]
            if i % 2:
                answers.append(("GET", request(base + "/api/wegwijzer/advice/?q1=2&q2=1")))
            else:
                payload = {"kind": "general", "comment": f"Tijdens herstel {n}-{i}"}
                # A client of its own per post: this counts failures, not the rate limit.
                address = f"198.18.{n * 60 + i // 250}.{i % 250}"
                answers.append(("POST", request(base + "/api/feedback/", payload, client(address))))
            time.sleep(0.05)

    threads = [threading.Thread(target=stream, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.5)
        restored = subprocess.run(
            [*manage, "restore_db", "--input", str(backup), "--yes"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert restored.returncode == 0, restored.stderr[-2000:]
    assert "Database restored" in restored.stdout
    assert len(answers) >= 8
    bad = [(method, a.status, a.body[:200]) for method, a in answers if not retry_or_success(a)]
    assert not bad, bad
    # The backup's content is back: the feedback given after it is gone.
    assert database.rows(f"SELECT COUNT(*) FROM feedback_feedback WHERE comment = '{marker}'")[0][0] == 0  # noqa: S608

    before = database.count("feedback_feedback")
    for n, base in enumerate(bases * 3):  # every worker, whichever answers
        answer = request(
            base + "/api/feedback/",
            {"kind": "general", "comment": f"Na herstel onder verkeer {n}"},
            client(f"203.0.113.{70 + n}"),
        )
        assert answer.status == 201, answer.body
        assert request(base + "/api/wegwijzer/advice/?q1=2&q2=1").status == 200
    assert database.count("feedback_feedback") == before + 6


def test_the_feedback_limit_holds_across_servers_whatever_the_user_agent(servers):
    bases = servers["bases"]
    tip = servers["database"].a_tip()
    statuses = []
    for n in range(40):
        answer = request(
            bases[n % 2] + "/api/feedback/",
            {"kind": "general", "comment": f"Roterend {n}"},
            client("192.0.2.77", **{"User-Agent": f"browser-{n}"}),
        )
        statuses.append(answer.status)
    limit = 30
    assert statuses[:limit] == [201] * limit
    assert set(statuses[limit:]) == {429}
    # A forged X-Forwarded-For in front of what our proxy appended changes nothing.
    forged = request(
        bases[0] + "/api/feedback/",
        {"kind": "tip", "id": tip, "helpful": True},
        {"X-Forwarded-For": "10.9.8.7, 192.0.2.77"},
    )
    assert forged.status == 429 and "te veel verzoeken" in forged.json()["error"]["message"]


def test_the_admin_login_lock_out_is_shared_by_both_servers(servers):
    bases = servers["bases"]

    def login(base: str, password: str, address: str = "192.0.2.88") -> int:
        # A fresh CSRF cookie and token from the login page, then the post.
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        form = opener.open(urllib.request.Request(base + "/admin/login/", headers=client(address)))
        html = form.read().decode()
        token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": "redacteur", "password": password}
        ).encode()
        post = urllib.request.Request(base + "/admin/login/", data=data, headers=client(address))
        try:
            with opener.open(post) as response:
                return 302 if response.url.rstrip("/").endswith("/admin") else response.status
        except urllib.error.HTTPError as error:
            return error.code

    assert [login(bases[n % 2], "fout") for n in range(5)] == [200] * 5
    assert login(bases[0], "fout") == 429 and login(bases[1], "fout") == 429
    # The editor elsewhere is not locked out.
    assert login(bases[1], "juist-wachtwoord-123", address="192.0.2.89") == 302


def test_no_500_was_logged(servers):
    """Tracebacks of the 503s above (a missing or garbage file) are expected; a 500 is not."""
    for log in servers["logs"]:
        log.flush()
        log.seek(0)
        text = log.read()
        assert "Internal Server Error" not in text, text[-3000:]
        assert "Error handling request" not in text, text[-3000:]  # gunicorn's bare 500
