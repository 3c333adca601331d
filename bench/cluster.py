"""`make bench-cluster`: the site scaled out as docs/deployment.md describes, measured like `make bench`.

Two gunicorn app servers (WEB_CONCURRENCY sync workers each, production settings) on one
PostgreSQL database and one Redis, behind HAProxy on 127.0.0.1: round robin, each server
health-checked on GET /health/, whole requests buffered before they reach gunicorn, as the
deployment page asks of the proxy. The same proxy has a second entrance with only server A
behind it, so "one server" and "two servers" are measured the same way, interleaved in each
round, with bench/run.py's targets and functions (and its BENCH_* settings).

Before the measurement it checks the property scale-out depends on: a tip published with
server A's settings shows at once in the advice page server B serves from the shared Redis.

The figures go into docs/performance.md between the `bench-cluster` markers, a section that
`make bench` keeps (bench/run.py); this script keeps the rest of the file.

Needs PostgreSQL (DATABASE_URL, a role that may create databases: the bench uses a database
of its own, `<name>_bench_cluster`, made afresh and dropped afterwards), redis-server, HAProxy
and wrk; `make bench-cluster` starts a throwaway PostgreSQL and installs what is missing.
Environment: as bench/run.py, plus BENCH_CLUSTER_PORT (8798, the two-server entrance; the
one-server entrance is the next port).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402

SECTION = "bench-cluster"
PORT = int(os.environ.get("BENCH_CLUSTER_PORT", "8798"))
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
ADVICE_PAGE = f"/wegwijzer/advies/?{run.ANSWERS}"

# With server A's settings: change one tip of the general cell Fa (shown in every advice) and
# publish it, as an editor's publish on A does; BENCH_REVERT takes the change back.
PUBLISH = """
import os
from cms.models import Tip
tip = Tip.objects.filter(live=True, source_key__startswith="Fa:").order_by("pk").first()
marker = " " + os.environ["BENCH_MARKER"]
if os.environ.get("BENCH_REVERT"):
    tip.text = tip.text.replace(marker, "", 1)
else:
    head, tail = tip.text.rsplit("</p>", 1)
    tip.text = head + marker + "</p>" + tail
tip.save_revision().publish()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args[:2])} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def get(url: str, timeout: float = 30) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), ""


def wait_for(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if get(url, timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer 200 in time")


@contextmanager
def bench_database(url: str) -> Iterator[str]:
    """A fresh database next to DATABASE_URL's, dropped afterwards; yields its URL."""
    import psycopg

    admin = url.replace("postgres://", "postgresql://", 1)
    name = admin.rsplit("/", 1)[1].split("?", 1)[0] + "_bench_cluster"

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        drop()


@dataclass
class Cluster:
    env: dict[str, str]
    one: str  # the proxy's entrance with server A behind it
    two: str  # the proxy's entrance with servers A and B behind it, round robin
    server_a: str  # gunicorn A itself
    server_b: str  # gunicorn B itself


HAPROXY = """
global
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    # Whole requests reach gunicorn (a slow client ties up the proxy, not a sync worker).
    option http-buffer-request
    option forwardfor
    http-reuse safe
    option httpchk
    http-check send meth GET uri /health/ ver HTTP/1.1 hdr Host 127.0.0.1
    default-server check inter 2s fall 2 rise 1
frontend one
    bind 127.0.0.1:{one}
    default_backend one
frontend two
    bind 127.0.0.1:{two}
    default_backend two
backend one
    server a 127.0.0.1:{a}
backend two
    balance roundrobin
    server a 127.0.0.1:{a}
    server b 127.0.0.1:{b}
"""


@contextmanager
def cluster(database_url: str, scratch: Path) -> Iterator[Cluster]:
    """Redis, two gunicorn servers and HAProxy, all on 127.0.0.1; stopped afterwards."""
    processes: list[subprocess.Popen] = []

    def start(command: list[str], env: dict[str, str] | None = None) -> None:
        processes.append(
            subprocess.Popen(  # noqa: S603
                command,
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )

    try:
        redis_port = free_port()
        start(
            [shutil.which("redis-server") or "redis-server", "--port", str(redis_port)]
            + ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        )
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            # As bench/run.py: measure pages, not 429s.
            "DJANGO_RATELIMIT_ENABLED": "false",
            # The proxy appends the client's address; trust it from there, one hop.
            "RATELIMIT_PROXY_COUNT": "1",
            "RATELIMIT_TRUSTED_PROXIES": "127.0.0.1",
        }
        print("Database: migrate, import_source, collectstatic", flush=True)  # noqa: T201
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "import_source")
        manage(env, "collectstatic", "--noinput", "-v0")
        a, b = free_port(), free_port()
        for port in (a, b):
            start(
                [GUNICORN, "pianoo.wsgi", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"], env
            )
        config = scratch / "haproxy.cfg"
        config.write_text(HAPROXY.format(one=PORT + 1, two=PORT, a=a, b=b))
        start([shutil.which("haproxy") or "haproxy", "-db", "-f", str(config)])
        result = Cluster(
            env=env,
            one=f"http://127.0.0.1:{PORT + 1}",
            two=f"http://127.0.0.1:{PORT}",
            server_a=f"http://127.0.0.1:{a}",
            server_b=f"http://127.0.0.1:{b}",
        )
        for base in (result.server_a, result.server_b, result.one, result.two):
            wait_for(base + "/health/")
        yield result
    finally:
        for process in reversed(processes):
            os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(processes):
            process.wait(timeout=30)


@dataclass
class Propagation:
    marker: str
    seen_at_once: bool
    publish_ms: float  # the publish command, start to finish
    seen_ms: float  # server B's first answer after the publish, request to response
    cached_before: bool  # server B served the old text from the shared cache before


def publish_on_a_seen_on_b(c: Cluster) -> Propagation:
    """Warm server B's advice page, publish a tip change with A's settings, GET it from B once."""
    import redis

    for _ in range(3):
        status, old = get(c.server_b + ADVICE_PAGE)
        if status != 200:
            raise SystemExit(f"server B answered the advice page with {status}")
    cached = bool(redis.Redis.from_url(c.env["REDIS_URL"]).keys("*response:*/wegwijzer/advies/*"))
    marker = "bench-cluster-" + secrets.token_hex(4)
    started = time.monotonic()
    manage({**c.env, "BENCH_MARKER": marker}, "shell", "-c", PUBLISH)
    published = time.monotonic()
    status, new = get(c.server_b + ADVICE_PAGE)
    seen = time.monotonic()
    manage({**c.env, "BENCH_MARKER": marker, "BENCH_REVERT": "1"}, "shell", "-c", PUBLISH)
    reverted = get(c.server_b + ADVICE_PAGE)[1]
    if marker in reverted:
        raise SystemExit("reverting the bench's tip change did not show on server B")
    return Propagation(
        marker=marker,
        seen_at_once=status == 200 and marker in new and marker not in old,
        publish_ms=(published - started) * 1000,
        seen_ms=(seen - published) * 1000,
        cached_before=cached,
    )


def measure(c: Cluster) -> tuple[list[run.Measurement], list[run.Measurement]]:
    """bench/run.py's targets through each entrance, interleaved per round; the medians."""
    run.BASE = c.two
    paths = run.national_data("create")
    targets = list(run.TARGETS)
    targets.append(
        run.Target(
            run.NATIONAL_NAME,
            f"/checklist/meting/{paths['measurement']}/",
            shown="/checklist/meting/[token]/",
        )
    )
    targets.extend(run.checklist_targets())
    body = run.results_body()
    rounds: dict[str, list[list[run.Measurement]]] = {"one": [], "two": []}
    try:
        for number in range(1, run.ROUNDS + 1):
            for name, base in (("one", c.one), ("two", c.two)):
                print(f"Ronde {number} van {run.ROUNDS}, {'één server' if name == 'one' else 'twee servers'}")  # noqa: T201
                run.BASE = base
                rounds[name].append([])
                for target in targets:
                    m = run.run_wrk(target, body)
                    rounds[name][-1].append(m)
                    print(  # noqa: T201
                        f"  {target.name:<40} {m.status} {m.rps:>9.0f} req/s  p50 {m.p50_ms:6.2f} ms  "
                        f"p99 {m.p99_ms:6.2f} ms  non-2xx/errors {m.non_2xx + m.errors}",
                        flush=True,
                    )
    finally:
        run.national_data("delete")
    one, two = (
        [run.median_of([r[i] for r in rounds[name]]) for i in range(len(targets))] for name in ("one", "two")
    )
    return one, two


def section(
    one: list[run.Measurement], two: list[run.Measurement], seen: Propagation, info: dict[str, str]
) -> str:
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    scale = "\n".join(
        f"| {a.target.name} | {a.rps:,.0f} | {b.rps:,.0f} | {b.rps / a.rps:.2f}× | {a.p99_ms:.2f} | {b.p99_ms:.2f} |"
        for a, b in zip(one, two, strict=True)
    )
    verdict = "**ja**" if seen.seen_at_once else "**NEE**"
    machine_rows = "\n".join(f"| {k} | {v} |" for k, v in info.items())
    return f"""<!-- {SECTION}:start -->
## Uitgeschaald: twee app-servers achter een proxy (issue 9)

Generated by `make bench-cluster` (bench/cluster.py) on {time.strftime("%Y-%m-%d %H:%M %Z")};
`make bench` keeps this section, `make bench-cluster` rewrites it.

The site as docs/deployment.md describes it: two gunicorn app servers ({workers} sync workers
each, `pianoo.settings.production`) on one PostgreSQL database and one shared Redis, behind
HAProxy (round robin, health check `GET /health/`, whole requests buffered) on 127.0.0.1.
"Eén server" is the same proxy with only server A behind it. Both are measured with
bench/run.py's targets and settings ({run.THREADS} threads, {run.CONNECTIONS} connections,
{run.DURATION} s per URL, median of {run.ROUNDS} round(s) that interleave both set-ups), on the
same machine as wrk, the proxy, Redis and PostgreSQL: two app servers share the same
{info.get("nproc", "?")} cores, so this shows what the proxy and the shared state cost and that
nothing breaks across servers, not the throughput of two machines.

### Publiceren op server A, meteen zichtbaar op server B

A tip of the general cell Fa (in every advice) was changed and published with server A's
settings (`manage.py shell`, the same writes as an editor's publish on A), after server B had
served the advice page {"from the shared Redis" if seen.cached_before else "(not cached in Redis!)"}.
The very next GET of `{ADVICE_PAGE}` from server B showed the new text: {verdict}
(server B answered in {seen.seen_ms:.0f} ms, rendering afresh; the publish command took
{seen.publish_ms:,.0f} ms, most of it Django's start-up). Every cache key
carries the content version, one database row that the publish bumps (docs/caching.md).
`tests/production/test_redis_invalidation.py` checks the same with two servers on one Redis.

### Eén server

{run.table(one)}

### Twee servers

{run.table(two)}

### Twee tegen één

| Wat | Eén server (verzoeken/s) | Twee servers (verzoeken/s) | Twee ÷ één | p99 één (ms) | p99 twee (ms) |
|---|---:|---:|---:|---:|---:|
{scale}

### Machine

| | |
|---|---|
{machine_rows}
<!-- {SECTION}:end -->
"""


def main() -> int:
    for tool in ("wrk", "haproxy", "redis-server"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed; `make bench-cluster` installs it.")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL server; `make bench-cluster` starts one.")
    with (
        bench_database(url) as database_url,
        tempfile.TemporaryDirectory(prefix="bench-cluster-") as scratch,
        cluster(database_url, Path(scratch)) as c,
    ):
        # bench/run.py's helpers (national data, machine info) read the servers' environment.
        os.environ.update({k: c.env[k] for k in ("DATABASE_URL", "REDIS_URL")})
        info = run.machine()
        info["Database"] = "PostgreSQL " + database_url.split("@")[-1]
        info["Cache"] = "Redis (gedeeld door beide servers)"
        info["Proxy"] = run.command_output("haproxy", "-v").splitlines()[0]
        print("Publiceren op server A, lezen op server B", flush=True)  # noqa: T201
        seen = publish_on_a_seen_on_b(c)
        print(f"  meteen gezien: {seen.seen_at_once} ({seen.seen_ms:.0f} ms)", flush=True)  # noqa: T201
        one, two = measure(c)
    out = ROOT / "docs" / "performance.md"
    previous = out.read_text(encoding="utf-8") if out.exists() else "# Performance\n"
    out.write_text(run.with_section(previous, SECTION, section(one, two, seen, info)), encoding="utf-8")
    print(f"Written to {out.relative_to(ROOT)}.")  # noqa: T201
    failed = [m for m in one + two if m.status >= 400 or m.non_2xx or m.errors]
    return 0 if seen.seen_at_once and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
