"""A hung Redis (SIGSTOP) costs milliseconds: short socket timeouts and the breaker, live.

A gunicorn server with REDIS_URL; Redis is stopped with SIGSTOP, not killed, so every
call would wait for its timeout. After the first failures the site serves without the
cache, /health/ says "degraded" with a 200, and once Redis runs again it is used again.
docs/deployment.md has the wrk figures.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.production.test_redis_invalidation import SETUP, free_port, wait_for
from tests.sites import manage, site_environment

ROOT = Path(__file__).resolve().parents[2]
PAGE = "/wegwijzer/advies/?q1=2&q2=2&q3=2&q4=2&q5=1"

pytestmark = pytest.mark.redis


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed; `make redis` installs it")
    tmp = tmp_path_factory.mktemp("hung-cache")
    redis_port, port = free_port(), free_port()
    redis = subprocess.Popen(
        [binary, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    # A copy of the run's migrated template (tests/sites.py), with a small document of its own.
    env = site_environment(
        tmp_path_factory,
        tmp,
        imported=False,
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        WEB_CONCURRENCY="1",
    )
    manage(env, "shell", "-c", SETUP)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "pianoo.wsgi", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/health/")
        yield {"base": base, "redis": redis}
    finally:
        redis.send_signal(signal.SIGCONT)
        server.terminate()
        redis.terminate()
        server.wait(timeout=20)
        redis.wait(timeout=20)


def timed_get(url: str) -> tuple[int, float, bytes]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, time.perf_counter() - start, response.read()


def test_a_hung_redis_costs_milliseconds_and_is_used_again_when_it_runs(stack):
    base, redis = stack["base"], stack["redis"]
    assert timed_get(base + PAGE)[0] == 200  # warm
    redis.send_signal(signal.SIGSTOP)
    try:
        times = []
        for url in [PAGE, "/", "/api/wegwijzer/", PAGE] * 10:
            status, seconds, _ = timed_get(base + url)
            assert status == 200
            times.append(seconds)
        # At most the first two calls wait for the 0.1 s socket timeout; then the breaker is open.
        assert sorted(times)[int(len(times) * 0.9)] < 0.1, times
        assert max(times[4:]) < 1.0, times
        with urllib.request.urlopen(base + "/health/", timeout=10) as response:
            assert response.status == 200
            assert b'"cache": "degraded"' in response.read()
    finally:
        redis.send_signal(signal.SIGCONT)
    time.sleep(10.5)  # the breaker's pause; then one call probes Redis and finds it back
    timed_get(base + "/api/wegwijzer/")
    with urllib.request.urlopen(base + "/health/", timeout=10) as response:
        assert response.read() == b'{"status": "ok", "database": "ok", "cache": "ok"}'
