"""The link check: against a local HTTP server only, never the internet."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.cache import content_version
from cms.linkcheck import CheckResult, check_links, check_url, check_urls
from cms.models import Link


class Handler(BaseHTTPRequestHandler):
    """200, 301, 404, a slow page, and a page that refuses HEAD."""

    seen: list[tuple[str, str]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.respond(head=True)

    def do_GET(self) -> None:
        self.respond(head=False)

    def respond(self, *, head: bool) -> None:
        Handler.seen.append((self.command, self.path))
        if self.path == "/ok":
            self.send(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/missing":
            self.send(404)
        elif self.path == "/slow":
            time.sleep(1.5)
            self.send(200)
        elif self.path == "/nohead":
            self.send(405 if head else 200)
        else:
            self.send(500)

    def send(self, status: int) -> None:
        body = b"" if self.command == "HEAD" else b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def allow_local_server(settings):
    """These tests check against a server on 127.0.0.1, which production refuses."""
    settings.LINKCHECK_ALLOW_PRIVATE = True


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_loopback_is_refused_without_the_setting_and_never_contacted(site, settings, host):
    settings.LINKCHECK_ALLOW_PRIVATE = False
    port = site.rsplit(":", 1)[1]
    before = len(Handler.seen)
    result = check_url(f"http://{host}:{port}/ok", timeout=5)
    assert result.broken and result.status is None
    assert result.error == "Adres in een intern of lokaal netwerk; niet gecontroleerd"
    assert len(Handler.seen) == before


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://172.16.5.5/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
def test_private_and_link_local_addresses_are_refused(settings, url):
    settings.LINKCHECK_ALLOW_PRIVATE = False
    result = check_url(url, timeout=5)
    assert result.error == "Adres in een intern of lokaal netwerk; niet gecontroleerd"


def test_a_name_is_checked_after_dns_resolution(settings, monkeypatch):
    import socket

    settings.LINKCHECK_ALLOW_PRIVATE = False
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        # A public-looking name that resolves to the server itself.
        return real("127.0.0.1" if host == "intern.example.org" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    result = check_url("http://intern.example.org/", timeout=5)
    assert result.error == "Adres in een intern of lokaal netwerk; niet gecontroleerd"


def test_public_addresses_are_allowed():
    from cms.linkcheck import address_allowed

    assert address_allowed("93.184.216.34") and address_allowed("2606:2800:220:1::1")
    assert not address_allowed("127.0.0.1") and not address_allowed("::1")


def test_ok(site):
    result = check_url(f"{site}/ok", timeout=5)
    assert result == CheckResult(f"{site}/ok", 200, f"{site}/ok", "")
    assert result.ok


def test_redirect_is_followed_and_recorded(site):
    result = check_url(f"{site}/moved", timeout=5)
    assert result.status == 200
    assert result.final_url == f"{site}/ok"
    assert result.redirected and not result.broken


def test_not_found_is_broken(site):
    result = check_url(f"{site}/missing", timeout=5)
    assert result.status == 404 and result.broken


def test_head_refused_falls_back_to_get(site):
    Handler.seen.clear()
    result = check_url(f"{site}/nohead", timeout=5)
    assert result.status == 200 and result.ok
    assert Handler.seen == [("HEAD", "/nohead"), ("GET", "/nohead")]


def test_slow_server_times_out_with_a_dutch_error(site):
    started = time.monotonic()
    result = check_url(f"{site}/slow", timeout=0.3)
    assert time.monotonic() - started < 1.4  # no second attempt with GET after a time-out
    assert result.broken and result.status is None
    assert result.error == "Time-out na 0.3 s"


def test_refused_connection_and_bad_scheme_are_errors_not_exceptions():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert check_url(f"http://127.0.0.1:{port}/", timeout=2).broken
    assert check_url("ftp://example.org/", timeout=2).error == "Geen http- of https-adres"


def test_check_urls_runs_in_bounded_parallel_and_checks_each_url_once():
    lock = threading.Lock()
    active = 0
    peak = 0
    calls: list[str] = []

    def checker(url: str, timeout: float) -> CheckResult:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
            calls.append(url)
        time.sleep(0.05)
        with lock:
            active -= 1
        return CheckResult(url, 200, url)

    urls = [f"http://x.test/{i}" for i in range(12)] + ["http://x.test/0"]
    results = check_urls(urls, workers=3, timeout=1, checker=checker)
    assert len(results) == 12 and sorted(calls) == sorted(set(urls))
    assert 1 < peak <= 3


@pytest.mark.django_db
def test_check_links_records_results_without_bumping_the_content_version(site):
    ok = Link.objects.create(url=f"{site}/ok", title="Goed")
    moved = Link.objects.create(url=f"{site}/moved", title="Verhuisd", redirect_url="")
    missing = Link.objects.create(url=f"{site}/missing", title="Weg")
    version = content_version()

    summary = check_links(Link.objects.all(), workers=4, timeout=5)

    assert content_version() == version
    assert summary.checked == 3
    assert [link.pk for link in summary.ok] == [ok.pk]
    ok.refresh_from_db()
    moved.refresh_from_db()
    missing.refresh_from_db()
    assert ok.last_status == 200 and ok.redirect_url == "" and ok.last_checked_at is not None
    assert moved.last_status == 200 and moved.redirect_url == f"{site}/ok"
    assert missing.last_status == 404 and missing.last_error == ""


@pytest.mark.django_db
def test_a_fixed_link_clears_its_old_redirect_and_error(site):
    link = Link.objects.create(
        url=f"{site}/ok", title="Hersteld", last_status=404, last_error="oud", redirect_url="https://x.test/"
    )
    check_links([link], timeout=5)
    link.refresh_from_db()
    assert (link.last_status, link.last_error, link.redirect_url) == (200, "", "")


@pytest.mark.django_db
def test_command_prints_a_dutch_summary(site):
    Link.objects.create(url=f"{site}/ok", title="Goed")
    Link.objects.create(url=f"{site}/moved", title="Verhuisd")
    Link.objects.create(url=f"{site}/missing", title="Weg")
    Link.objects.create(url=f"{site}/slow", title="Traag")
    out = StringIO()
    call_command("check_links", "--workers", "2", "--timeout", "0.5", stdout=out)
    text = out.getvalue()
    # 127.0.0.1 is an IP address where a domain name belongs: suspect, however it answers.
    assert "4 links gecontroleerd: 1 in orde, 1 doorverwezen, 2 kapot, 4 verdacht." in text
    assert f"Doorverwezen: {site}/moved -> {site}/ok" in text
    assert f"Kapot (status 404): {site}/missing" in text
    assert f"Kapot (Time-out na 0.5 s): {site}/slow" in text


@pytest.mark.django_db
def test_command_rejects_bad_options():
    with pytest.raises(CommandError, match="--workers"):
        call_command("check_links", "--workers", "0", stdout=StringIO())
    with pytest.raises(CommandError, match="--timeout"):
        call_command("check_links", "--timeout", "0", stdout=StringIO())


@pytest.mark.django_db
def test_check_links_reports_progress_as_each_link_finishes(site):
    for path in ("ok", "moved", "missing"):
        Link.objects.create(url=f"{site}/{path}", title=path)
    Link.objects.create(url=f"{site}/ok", title="Dezelfde URL nog eens")
    seen: list[int] = []
    summary = check_links(Link.objects.all(), workers=2, timeout=5, progress=seen.append)
    # Three distinct URLs: the duplicate is checked once and counted with its twin.
    assert seen[-1] == summary.checked == 4
    assert seen == sorted(seen) and len(seen) == 3
