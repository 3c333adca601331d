"""End-to-end harness: the real site under gunicorn, driven by Debian's chromium.

The server is built the way `make run` builds it (production settings,
migrate, import_source (which also builds the pages), collectstatic, gunicorn), on a copy of
the run's imported template database (tests/sites.py), once per session. Tests here need no `db` fixture and never touch
the test database: they talk to the server over HTTP only.

Mark modules with `pytestmark = pytest.mark.e2e`. Reusable fixtures:
- `server`: the base URL, e.g. "http://127.0.0.1:54321".
- `browser`: a chromium Browser; `page`: a fresh page in a fresh context.
- `nojs_page`: a fresh page with JavaScript disabled.
- `assert_accessible(page)`: runs axe-core and fails on serious or critical issues.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.sites import production_environment, site_environment, templates

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = ("serious", "critical")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"gunicorn did not answer on {url} within {timeout} seconds")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site under gunicorn with production settings and the imported source."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; run `make browser` (apt-get install chromium)")
    tmp = tmp_path_factory.mktemp("e2e-site")
    port = _free_port()
    env = site_environment(
        tmp_path_factory,
        tmp,
        DJANGO_REQUEST_LOG=os.environ.get("E2E_REQUEST_LOG", "false"),
        WEB_CONCURRENCY="2",
    )

    log = (tmp / "gunicorn.log").open("w")
    gunicorn = shutil.which("gunicorn", path=str(VENV_BIN)) or str(VENV_BIN / "gunicorn")
    process = subprocess.Popen(
        [gunicorn, "pianoo.wsgi", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        try:
            _wait_until_up(base_url + "/", process)
        except RuntimeError as error:
            log.flush()
            pytest.fail(f"{error}\n{(tmp / 'gunicorn.log').read_text()}")
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Browser]:
    """Chromium, started per module (about a second): Playwright's sync API runs an event loop
    in the worker's thread while it is open, and Django refuses database calls from a thread
    with a running loop, so the tests that this worker runs after the browser tests must find
    it closed (the server stays up for the session)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser: Browser, server: str, **context_options: Any) -> tuple[BrowserContext, Page]:
    context = browser.new_context(base_url=server, locale="nl-NL", **context_options)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies, history or cache shared)."""
    context, new_page = _new_page(browser, server)
    yield new_page
    context.close()


@pytest.fixture
def nojs_page(browser: Browser, server: str) -> Iterator[Page]:
    """A page in a fresh context with JavaScript disabled."""
    context, new_page = _new_page(browser, server, java_script_enabled=False)
    yield new_page
    context.close()


@pytest.fixture
def new_page(browser: Browser, server: str) -> Iterator[Callable[..., Page]]:
    """Factory for extra pages, each in its own fresh context (e.g. to open a shared link)."""
    contexts = []

    def make(**context_options: Any) -> Page:
        context, created = _new_page(browser, server, **context_options)
        contexts.append(context)
        return created

    yield make
    for context in contexts:
        context.close()


def blocking_violations(page: Page) -> list[dict]:
    """axe-core violations on the current page with impact serious or critical."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible() -> Callable[[Page], None]:
    """`assert_accessible(page)`: no serious or critical axe-core violations on the page."""

    def check(page: Page) -> None:
        violations = blocking_violations(page)
        assert not violations, f"axe-core on {page.url}:\n{describe_violations(violations)}"

    return check


def server_database_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment for a command (manage.py, bench/*.py) on the e2e server's database."""
    # The server fixture's database; "e2e-sitecurrent" is a symlink to the same directory.
    databases = sorted(
        {path.resolve() for path in tmp_path_factory.getbasetemp().glob("e2e-site*/db.sqlite3")}
    )
    if len(databases) != 1:
        pytest.fail(f"Expected one e2e database, found {databases}")
    return production_environment(f"sqlite:///{databases[0]}", templates(tmp_path_factory).static)


@pytest.fixture(scope="session")
def admin_credentials(server: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """An administrator on the e2e server: (username, password). Added for the editor flow."""
    username, password = "redacteur", secrets.token_urlsafe(16)
    env = {**server_database_env(tmp_path_factory), "DJANGO_SUPERUSER_PASSWORD": password}
    command = ["createsuperuser", "--noinput", "--username", username, "--email", "redactie@example.org"]
    result = subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.fail(f"manage.py createsuperuser failed:\n{result.stdout}\n{result.stderr}")
    return username, password
