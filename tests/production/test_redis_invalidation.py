"""Cache invalidation across processes: two gunicorn servers sharing one Redis and one database.

Starts a real redis-server (Debian's; `make redis` installs it) on a free port and
two gunicorn processes with REDIS_URL, as two app servers behind a load balancer
would run. Both warm the advice cache in Redis; a publish in a third process must
show on the next request to each of them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sites import manage, site_environment

ROOT = Path(__file__).resolve().parents[2]
ADVICE = "/api/wegwijzer/advice/?q1=2&q2=2&q3=2&q4=2&q5=1"
PAGE = "/wegwijzer/advies/?q1=2&q2=2&q3=2&q4=2&q5=1"

pytestmark = pytest.mark.redis


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not come up")


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return response.read().decode()


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed; `make redis` installs it")
        pytest.fail("redis-server is not installed; `make redis` installs it")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def environment(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Production settings on a fresh SQLite file, with a small document imported."""
    # A copy of the run's migrated template (tests/sites.py), with a small document of its own.
    env = site_environment(
        tmp_path_factory,
        tmp_path_factory.mktemp("redis-e2e"),
        imported=False,
        REDIS_URL=redis_url,
        WEB_CONCURRENCY="1",
    )
    manage(env, "shell", "-c", SETUP)
    return env


SETUP = """
from importers.loader import load
from importers.site import build_site
from tests.factories import small_document, tip
document = small_document(Fa=[tip("Oud advies over fundering.", 1)])
load(document)
build_site(document.landing)
"""

PUBLISH = """
from cms.models import Tip
tip = Tip.objects.get(source_key="Fa:tip:1")
tip.text = "<p>Nieuw advies over fundering.</p>"
tip.save_revision().publish()
"""


@pytest.fixture(scope="module")
def servers(environment: dict[str, str]) -> Iterator[list[str]]:
    """Two gunicorn app servers on one database and one Redis."""
    bases, processes = [], []
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    try:
        for _ in range(2):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [gunicorn, "pianoo.wsgi", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
                    cwd=ROOT,
                    env=environment,
                    stderr=subprocess.DEVNULL,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base in bases:
            wait_for(base + "/health/")
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def test_a_publish_shows_on_the_next_request_to_every_server(servers, environment, redis_url):
    import redis

    for base in servers:
        for path in (ADVICE, PAGE):
            assert "Oud advies over fundering." in get(base + path)
            assert "Oud advies over fundering." in get(base + path)  # now from the cache
    keys = redis.Redis.from_url(redis_url).keys("*response:*/api/wegwijzer/advice/*")
    assert keys, "the advice response is cached in the shared Redis"

    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PUBLISH], cwd=ROOT, env=environment, check=True
    )

    for base in servers:
        for path in (ADVICE, PAGE):
            body = get(base + path)
            assert "Nieuw advies over fundering." in body
            assert "Oud advies over fundering." not in body


def test_both_servers_report_healthy_with_redis(servers):
    import json

    for base in servers:
        assert json.loads(get(base + "/health/")) == {"status": "ok", "database": "ok", "cache": "ok"}
