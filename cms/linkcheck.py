"""Checking the shared links: status, redirect target and errors, in bounded parallel.

Only the standard library: urllib follows redirects itself, and a thread pool
bounds the number of requests in flight. Each URL is tried with HEAD first,
which is cheap; servers that refuse or mishandle HEAD get a GET. Network work
happens in the worker threads, database writes in the caller's thread.
Results are written with `update()`, not `save()`: a check changes nothing
visitors see, so it must not invalidate the content caches.

Editors set these addresses, so the checker must not become a way into the
server's own network: every connection (each redirect hop too) goes to an address
checked after DNS resolution, and loopback, private, link-local, multicast and
reserved addresses are refused unless LINKCHECK_ALLOW_PRIVATE is set (tests,
which check against a server on 127.0.0.1). Checking the address actually
connected to, not a name resolved beforehand, leaves no room for DNS rebinding.
No proxy is used, so the check applies to the real destination.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from cms.models import Link

USER_AGENT = "Mozilla/5.0 (compatible; PIANOo-linkcontrole/1.0)"
DEFAULT_WORKERS = 8
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one URL."""

    url: str
    status: int | None = None
    final_url: str = ""
    error: str = ""

    @property
    def redirected(self) -> bool:
        return bool(self.final_url) and self.final_url != self.url

    @property
    def broken(self) -> bool:
        return bool(self.error) or self.status is None or self.status >= 400

    @property
    def ok(self) -> bool:
        return not self.broken and not self.redirected


class BlockedAddress(OSError):
    """The host resolves only to addresses the checker may not connect to."""


def address_allowed(address: str) -> bool:
    """Whether the checker may connect to this IP address (public unicast only)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _guarded_connection(
    address: tuple[str, int], timeout: float | None = None, source_address: tuple[str, int] | None = None
) -> socket.socket:
    """socket.create_connection, refusing addresses that are not allowed (after resolution)."""
    host, port = address
    allow_private = bool(getattr(settings, "LINKCHECK_ALLOW_PRIVATE", False))
    last_error: OSError = BlockedAddress(f"{host} resolves to no allowed address")
    for family, kind, proto, _, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        if not allow_private and not address_allowed(str(sockaddr[0])):
            continue
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not None:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last_error = error
    raise last_error


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._create_connection = _guarded_connection


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type, call-overload]
        self._create_connection = _guarded_connection


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_GuardedHTTPConnection, req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_GuardedHTTPSConnection, req, context=self._context)  # type: ignore[attr-defined]


_opener = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), _GuardedHTTPHandler, _GuardedHTTPSHandler
)


def _request(url: str, method: str, timeout: float) -> tuple[int, str]:
    # Only http(s) URLs reach here (see check_url), so urllib cannot open files.
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
    with _opener.open(request, timeout=timeout) as response:
        return response.status, response.geturl()


def _describe(error: BaseException, timeout: float) -> str:
    if isinstance(error, urllib.error.URLError) and not isinstance(error, urllib.error.HTTPError):
        error = error.reason if isinstance(error.reason, BaseException) else error
    if isinstance(error, BlockedAddress):
        return "Adres in een intern of lokaal netwerk; niet gecontroleerd"
    if isinstance(error, TimeoutError | socket.timeout):
        return f"Time-out na {timeout:g} s"
    if isinstance(error, ssl.SSLError):
        return f"Certificaat- of TLS-fout: {error}"[:255]
    if isinstance(error, socket.gaierror):
        return "Server niet gevonden (DNS)"
    if isinstance(error, ConnectionRefusedError):
        return "Verbinding geweigerd"
    return f"{type(error).__name__}: {error}"[:255]


def check_url(url: str, timeout: float = DEFAULT_TIMEOUT) -> CheckResult:
    """Check one URL: HEAD, falling back to GET; follows redirects; never raises."""
    if not url.lower().startswith(("http://", "https://")):
        return CheckResult(url, error="Geen http- of https-adres")
    try:
        status, final_url = _request(url, "HEAD", timeout)
        return CheckResult(url, status=status, final_url=final_url)
    except (urllib.error.URLError, OSError, ValueError) as error:
        # A timeout or a refused address will not get better with GET; anything else
        # might (405, 403, resets).
        if _is_timeout(error) or isinstance(getattr(error, "reason", error), BlockedAddress):
            return CheckResult(url, error=_describe(error, timeout))
    try:
        status, final_url = _request(url, "GET", timeout)
    except urllib.error.HTTPError as error:
        return CheckResult(url, status=error.code, final_url=error.geturl() or url)
    except (urllib.error.URLError, OSError, ValueError) as error:
        return CheckResult(url, error=_describe(error, timeout))
    return CheckResult(url, status=status, final_url=final_url)


def _is_timeout(error: BaseException) -> bool:
    reason = getattr(error, "reason", error)
    return isinstance(reason, TimeoutError | socket.timeout)


def check_urls(
    urls: Iterable[str],
    *,
    workers: int = DEFAULT_WORKERS,
    timeout: float = DEFAULT_TIMEOUT,
    checker: Callable[[str, float], CheckResult] = check_url,
) -> dict[str, CheckResult]:
    """Check each distinct URL once, at most `workers` at a time."""
    return dict(iter_check_urls(urls, workers=workers, timeout=timeout, checker=checker))


def iter_check_urls(
    urls: Iterable[str],
    *,
    workers: int = DEFAULT_WORKERS,
    timeout: float = DEFAULT_TIMEOUT,
    checker: Callable[[str, float], CheckResult] = check_url,
) -> Iterator[tuple[str, CheckResult]]:
    """Check each distinct URL once, at most `workers` at a time; yield each as it finishes."""
    distinct = list(dict.fromkeys(urls))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {pool.submit(checker, url, timeout): url for url in distinct}
        for future in as_completed(futures):
            yield futures[future], future.result()


@dataclass
class Summary:
    """What a run of the link check found, for the command's Dutch report."""

    checked: int = 0
    ok: list[Link] = field(default_factory=list)
    redirected: list[tuple[Link, CheckResult]] = field(default_factory=list)
    broken: list[tuple[Link, CheckResult]] = field(default_factory=list)
    suspect: list[Link] = field(default_factory=list)  # filled by cms/link_check_runs.py


def record(link: Link, result: CheckResult, checked_at: datetime) -> None:
    """Store a result on the link without touching the content version."""
    values = {
        "last_status": result.status,
        "last_checked_at": checked_at,
        "last_error": result.error[:255],
        "redirect_url": result.final_url[:2000] if result.redirected else "",
    }
    Link.objects.filter(pk=link.pk).update(**values)
    for name, value in values.items():
        setattr(link, name, value)


def check_links(
    links: Iterable[Link],
    *,
    workers: int = DEFAULT_WORKERS,
    timeout: float = DEFAULT_TIMEOUT,
    checker: Callable[[str, float], CheckResult] = check_url,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Check every link, record each result as it comes, and summarise.

    `progress` is called with the number of links checked so far, in the caller's thread.
    """
    by_url: dict[str, list[Link]] = {}
    for link in links:
        by_url.setdefault(link.url, []).append(link)
    summary = Summary()
    results = iter_check_urls(by_url, workers=workers, timeout=timeout, checker=checker)
    for url, result in results:
        now = timezone.now()
        for link in by_url[url]:
            record(link, result, now)
            summary.checked += 1
            if result.broken:
                summary.broken.append((link, result))
            elif result.redirected:
                summary.redirected.append((link, result))
            else:
                summary.ok.append(link)
        if progress is not None:
            progress(summary.checked)
    summary.ok.sort(key=lambda link: (link.url, link.pk))
    summary.redirected.sort(key=lambda pair: (pair[0].url, pair[0].pk))
    summary.broken.sort(key=lambda pair: (pair[0].url, pair[0].pk))
    return summary
