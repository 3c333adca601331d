"""Hostile requests (see bench/hostile_probe.py): the bugs the probe found, and a battery of its cases.

Every request here must get a 4xx or a normal page, never a 5xx, and never show a
traceback or internals. The first classes pin the bugs the probe found; the battery
after them keeps the hostile cases the test client can express.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.exceptions import TooManyFieldsSent
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from rest_framework.exceptions import ParseError

from cms.models import Tip
from pianoo.handlers import Request, WSGIHandler, usable_charset
from pianoo.parsers import MAX_DEPTH, JSONParser
from tests.production.conftest import ANSWERS

ADVICE_QUERY = "&".join(f"{k}={v}" for k, v in ANSWERS.items())
XSS = "<script>alert(1)</script>"
SQLI = "' OR 1=1--"
LEAKS = ("Traceback", 'File "/', "Exception", "SECRET", "site-packages")


def assert_safe(response, status: int | tuple[int, ...] | None = None) -> None:
    """No server error and no internals in the body; `status` if given."""
    assert response.status_code < 500, response.status_code
    if status is not None:
        expected = (status,) if isinstance(status, int) else status
        assert response.status_code in expected, response.status_code
    body = response.content.decode(errors="replace")
    for leak in LEAKS:
        assert leak not in body, leak


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]


@pytest.fixture
def client(response_cache_on) -> Client:
    return Client(raise_request_exception=False)


# --- bugs the probe found ----------------------------------------------------------------


@contextmanager
def _one_request() -> Iterator[None]:
    """As Django's test client: keep the test's database connection across the request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def wsgi(
    method: str, path: str, query: str = "", content_type: str = "", body: bytes = b""
) -> tuple[int, bytes]:
    """A request through the production WSGI application (the test client builds its own request).

    It carries a CSRF cookie, so that CsrfViewMiddleware reads a posted body for the token.
    """
    from pianoo.wsgi import application

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": "csrftoken=" + "a" * 32,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }
    setup_testing_defaults(environ)
    statuses: list[str] = []
    with _one_request():
        result = application(environ, lambda status, headers, exc_info=None: statuses.append(status))  # type: ignore[arg-type]
        try:
            content = b"".join(result)
        finally:
            result.close()  # type: ignore[attr-defined]
    return int(statuses[0].split()[0]), content


def multipart(charset: str) -> tuple[str, bytes]:
    body = b'--b\r\nContent-Disposition: form-data; name="kind"\r\n\r\ngeneral\r\n--b--\r\n'
    return f"multipart/form-data; boundary=b; charset={charset}", body


class TestAHostileCharsetInContentType:
    """Django's request took any codec name as the charset, and parsed the query string while
    being built: `charset=rot13` (or `undefined`, `idna`), or a charset next to more than
    DATA_UPLOAD_MAX_NUMBER_FIELDS parameters, crashed before any middleware (gunicorn's bare 500)."""

    @pytest.mark.parametrize(
        "charset", ["rot13", "hex", "zlib_codec", "base64", "undefined", "idna", "bogus"]
    )
    def test_codecs_that_cannot_decode_any_bytes_are_not_usable(self, charset):
        assert not usable_charset(charset)

    @pytest.mark.parametrize("charset", ["utf-8", "UTF8", "latin-1", "cp1252", "utf-16", "iso-8859-15"])
    def test_text_encodings_are_usable(self, charset):
        assert usable_charset(charset)

    def test_production_serves_through_the_hardened_handler(self):
        from pianoo.wsgi import application

        assert isinstance(application, WSGIHandler) and application.request_class is Request

    def test_the_request_parses_nothing_while_it_is_built(self):
        environ = {
            "REQUEST_METHOD": "GET",
            "QUERY_STRING": "a=1&" * 300,
            "CONTENT_TYPE": "text/plain; charset=utf-8",
        }
        setup_testing_defaults(environ)
        request = Request(environ)
        assert request.encoding == "utf-8"
        with pytest.raises(TooManyFieldsSent):
            request.GET  # noqa: B018 - the error now comes here, inside Django's handler

    def test_an_unusable_charset_is_ignored(self):
        environ = {
            "REQUEST_METHOD": "GET",
            "QUERY_STRING": "q1=%FF2",
            "CONTENT_TYPE": "text/plain; charset=rot13",
        }
        setup_testing_defaults(environ)
        request = Request(environ)
        assert request.encoding is None and request.GET["q1"] == "\ufffd2"

    @pytest.mark.parametrize(
        ("method", "path", "query", "content_type", "body", "status"),
        [
            ("GET", "/wegwijzer/advies/", ADVICE_QUERY, "text/plain; charset=rot13", b"", 200),
            ("GET", "/api/wegwijzer/advice/", "q1=2", "text/plain; charset=undefined", b"", 200),
            ("GET", "/wegwijzer/advies/", "q1=%FF%FE", "text/plain; charset=idna", b"", 400),
            ("GET", "/api/wegwijzer/", "a=1&" * 201, "text/plain; charset=utf-8", b"", 400),
            ("GET", "/", "a=1&" * 201, "text/plain; charset=rot13", b"", 200),
            ("POST", "/feedback/", "", *multipart("rot13"), 403),
            ("POST", "/checklist/resultaat/", "", *multipart("rot13"), 403),
            ("POST", "/admin/login/", "", *multipart("undefined"), 403),
        ],
    )
    def test_through_the_wsgi_application_it_is_a_4xx_or_a_page(
        self, method, path, query, content_type, body, status
    ):
        code, content = wsgi(method, path, query, content_type, body)
        assert code == status
        assert b"Traceback" not in content and b"Internal Server Error" not in content


class TestQuestionNumbersAreAsciiDigits:
    """str.isdigit() accepts "²" (int() then raised: a 500) and "١" (int() read it as q1)."""

    @pytest.mark.parametrize("name", ["q²", "q١", "q①", "q１", "q١٢"])
    def test_the_api_names_the_unknown_question(self, client, name):
        response = client.get("/api/wegwijzer/advice/", {name: "2"})
        assert_safe(response, 400)
        assert response.json()["error"]["field"] == name

    @pytest.mark.parametrize("name", ["q²", "q١"])
    def test_the_advice_page_explains_and_the_form_ignores_it(self, client, name):
        assert_safe(client.get("/wegwijzer/advies/", {name: "2"}), 400)
        assert_safe(client.get("/wegwijzer/", {name: "2"}), 200)


class TestPagesApi:
    """Wagtail's /api/v2/pages/ passed these parameters to the database (500s), or served DRF's
    browsable HTML API, naming the framework."""

    @pytest.mark.parametrize(
        ("query", "status"),
        [
            ("offset=99999999999999999999", 400),
            ("offset=10001", 400),
            ("offset=2", 200),
            ("first_published_at=abc", 400),
            ("last_published_at=2020-13-45", 400),
            ("format=api", 404),
        ],
    )
    def test_parameters_that_reached_the_database(self, client, query, status):
        response = client.get(f"/api/v2/pages/?{query}")
        assert_safe(response, status)
        assert response["Content-Type"] == "application/json"

    @pytest.mark.parametrize(
        ("url", "words"),
        [
            ("/api/v2/pages/?offset=99999999999999999999", "offset mag niet hoger zijn dan"),
            ("/api/v2/pages/find/?id=abc", "id moet een positief geheel getal zijn"),
        ],
    )
    def test_our_400s_say_in_dutch_what_to_change(self, client, url, words):
        response = client.get(url)
        assert response.status_code == 400
        assert words in response.json()["message"]

    @pytest.mark.parametrize("term", ['"', 'a"b', '"""', " ", "\n", "\t", "\x00", "a\x00b", "*", "(", "-"])
    @pytest.mark.parametrize("extra", [{}, {"order": "title"}, {"search_operator": "or"}])
    def test_search_terms_that_broke_the_sqlite_query(self, client, term, extra):
        response = client.get("/api/v2/pages/", {"search": term, **extra})
        assert_safe(response, 200)
        assert isinstance(response.json()["items"], list)

    def test_search_still_finds_pages_by_their_words(self, client):
        titles = [item["title"] for item in client.get("/api/v2/pages/?search=Wegwijzer").json()["items"]]
        assert any("egwijzer" in title for title in titles)
        quoted = client.get('/api/v2/pages/?search="Wegwijzer"').json()["items"]
        assert [item["title"] for item in quoted] == titles

    @pytest.mark.parametrize(
        ("query", "status"), [("id=abc", 400), ("id=1.5", 400), ("id=99999999999999999999", 404)]
    )
    def test_find_with_an_id_that_is_no_number(self, client, query, status):
        assert_safe(client.get(f"/api/v2/pages/find/?{query}"), status)


class TestJSONParser:
    """pianoo.parsers.JSONParser: deep nesting and lone surrogates were 500s in the JSON API."""

    def parse(self, raw: bytes):
        return JSONParser().parse(io.BytesIO(raw), "application/json", {})

    def test_a_normal_body_parses(self):
        assert self.parse(b'{"scores": {"1.1": 3}, "comment": "caf\\u00e9 \\ud83d\\ude00"}') == {
            "scores": {"1.1": 3},
            "comment": "café 😀",
        }

    @pytest.mark.parametrize(
        "raw",
        [
            b"[" * 10_000 + b"]" * 10_000,
            b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
            b'{"scores": {"1.1": ' + b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1) + b"}}",
            b'{"comment": "\\ud800"}',
            b'{"scores": {"\\udfff": 3}}',
            b'["ok", {"page": "/\\udc80"}]',
            b'{"id": NaN}',
        ],
    )
    def test_bodies_that_broke_views_are_parse_errors(self, raw):
        with pytest.raises(ParseError):
            self.parse(raw)

    def test_nesting_up_to_the_limit_parses(self):
        raw = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
        assert self.parse(raw) is not None

    @pytest.mark.parametrize("url", ["/api/checklist/results/", "/api/feedback/"])
    @pytest.mark.parametrize(
        "raw",
        [
            b'{"scores":' + b"[" * 10_000 + b"]" * 10_000 + b"}",
            b'{"scores": {"\\ud800": 3}}',
            b'{"kind": "general", "tool": "wegwijzer", "comment": "\\udfff"}',
        ],
    )
    def test_the_api_answers_them_with_its_dutch_400(self, client, site, url, raw):
        response = client.post(url, raw, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["error"]["message"] == "De aanvraag is geen geldige JSON."


class TestFeedbackReturnUrl:
    def test_a_return_url_with_more_parameters_than_a_post_may_have_still_thanks(
        self, client, site, settings
    ):
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
        tip = Tip.objects.get(source_key="Fa:tip:1")
        anchor = f"Fa-tip-{tip.pk}"
        next_url = "/wegwijzer/advies/?" + "&".join(f"x{i}=1" for i in range(100))
        post = {"vote": f"tip:{tip.pk}:Fa:{anchor}:ja", "next": next_url}
        response = client.post("/feedback/", post)
        assert response.status_code == 302
        assert response["Location"].endswith(f"&x99=1&bedankt={anchor}#{anchor}")


# --- the battery ---------------------------------------------------------------------------

HOSTILE_GETS = [
    *(
        f"/api/wegwijzer/advice/?q1={value}"
        for value in [
            "%25",
            "%",
            "%ZZ",
            "%C0%AE",
            "%E0%80%AF",
            "%ED%A0%80",
            "%00",
            "1%00",
            "%D9%A1",
            "%C2%B2",
            "%EF%BC%91",
            "+1",
            "%201",
            "0x1",
            "1e0",
            "01",
            "1.0",
            "-1",
            "3",
            "1;q2=2",
        ]
    ),  # fmt: skip
    "/wegwijzer/advies/?q1[]=1",
    "/wegwijzer/advies/?q1=1&q1=2",
    "/wegwijzer/advies/?q1=1;q2=2",
    "/wegwijzer/advies/?q0=1&q6=1",
    f"/wegwijzer/advies/?{ADVICE_QUERY}&bedankt=algemene-feedback&reactie=%3Cscript%3E",
    f"/wegwijzer/advies/?{ADVICE_QUERY}&bedankt=%FF&reactie=" + "A" * 3000,
    "/wegwijzer/?" + "&".join(f"q1={i % 2 + 1}" for i in range(150)),
    "/checklist/verwijderd/?wat=%00&wat=reeks",
    "/checklist/meting/%FF%FE/",
    "/checklist/meting/" + "A" * 201 + "/",
    "/checklist/reeks/" + "A" * 32 + "/nieuw/",
    "/checklist/reeks/%2e%2e/verwijderen/",
    "/wegwijzer/advies/..;/",
    "/static/%2e%2e/pianoo/settings/base.py",
    "//wegwijzer//advies//",
    "/" + "x" * 10_000 + "/",
    "/api/v2/pages/?child_of=99999999999999999999",
    "/api/v2/pages/?fields=((((",
    "/api/v2/pages/?type=auth.User",
    "/api/v2/pages/?order=" + SQLI,
    "/api/schema/?lang=zz",
    "/admin/login/?next=//evil.example/",
]


class TestHostileBattery:
    @pytest.mark.parametrize("url", HOSTILE_GETS)
    def test_hostile_gets(self, client, url):
        assert_safe(client.get(url))

    @pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "FOO"])
    @pytest.mark.parametrize(
        "url", ["/", "/wegwijzer/advies/", "/checklist/resultaat/", "/feedback/", "/api/checklist/results/"]
    )
    def test_odd_methods(self, client, method, url):
        assert_safe(client.generic(method, url, b'{"a": 1}', content_type="application/json"))

    @pytest.mark.parametrize(
        "host", ["evil.example", "evil.example:80", "127.0.0.1:abc", "[::1", "a" * 300, "127.0.0.1@evil", ""]
    )
    @pytest.mark.parametrize("url", ["/", "/api/bestaat-niet/"])
    def test_a_bad_host_is_a_400(self, client, host, url):
        assert_safe(client.get(url, HTTP_HOST=host), 400)

    @pytest.mark.parametrize(
        "headers",
        [
            {"HTTP_COOKIE": "csrftoken=abc"},
            {"HTTP_COOKIE": "csrftoken=" + "!@#$" * 16},
            {"HTTP_COOKIE": ';;;==; =; a==b; "d"=e; f="g'},
            {"HTTP_COOKIE": "; ".join(f"c{i}={i}" for i in range(1000))},
            {"HTTP_COOKIE": "sessionid=" + "x" * 8200},
            {"HTTP_ACCEPT": "application/json"},
            {"HTTP_ACCEPT": ";;;,,,/;q=abc"},
            {"HTTP_ACCEPT_LANGUAGE": "zz-" + "a" * 300 + ";q=abc"},
            {"HTTP_X_FORWARDED_FOR": "not-an-ip, , " + XSS},
            {"HTTP_X_REQUEST_ID": "a\r\nSet-Cookie: x=1"},
            {"HTTP_IF_NONE_MATCH": '"' + "x" * 5000},
            {"HTTP_IF_MODIFIED_SINCE": "Mon, 01 Jan 9999999999 00:00:00 GMT"},
            {"HTTP_RANGE": "bytes=0-99999999999999999999999"},
        ],
    )
    @pytest.mark.parametrize("url", [f"/wegwijzer/advies/?{ADVICE_QUERY}", "/api/wegwijzer/advice/?q1=2"])
    def test_odd_headers_still_get_the_page(self, client, headers, url):
        response = client.get(url, **headers)
        if url.startswith("/api/") and headers.get("HTTP_ACCEPT", "").startswith(";"):
            # DRF's content negotiation: nothing acceptable in the Accept header.
            assert_safe(response, 406)
            assert response.json()["error"]["message"].startswith("Dit antwoordformaat")
        else:
            assert_safe(response, 200)

    @pytest.mark.parametrize(
        ("value", "status"),
        [
            ("0", 400), ("5", 400), ("-1", 400), ("3.0", 400), ("true", 400), ("３", 400), ("٣", 400),
            ("100000000000000000000", 400), (XSS, 400), (" 3 ", 303), ("", 303),
        ],
    )  # fmt: skip
    def test_tampered_checklist_scores(self, client, value, status):
        # An old-style POST goes on (303) to the result's GET address, which checks the same.
        assert_safe(client.post("/checklist/resultaat/", {"score-1.1": value}), status)
        get_status = {303: 302 if value.strip() else 200}.get(status, status)
        assert_safe(client.get("/checklist/resultaat/", {"s1.1": value}), get_status)

    @pytest.mark.parametrize(
        ("scores", "status"),
        [
            ('{"1.1": 0}', 400), ('{"1.1": 5}', 400), ('{"1.1": -1}', 400), ('{"1.1": "3"}', 200),
            ('{"1.1": 3.0}', 400), ('{"1.1": true}', 400), ('{"1.1": null}', 200),
            ('{"1.1": 100000000000000000000}', 400), ('{"1.1": 1e999}', 400), ('{"1.1": [3]}', 400),
            ('{"9.9": 3}', 400), ('{"<script>": 3}', 400), ('{"1.1": 3, "1.1": 9}', 400), ("[]", 400),
            ("null", 400), ('"1.1=3"', 400),
            ("{" + ", ".join(f'"{i}.1": 1' for i in range(1000)) + "}", 400),
        ],
    )  # fmt: skip
    def test_tampered_scores_in_the_api(self, client, scores, status):
        response = client.post(
            "/api/checklist/results/", f'{{"scores": {scores}}}', content_type="application/json"
        )
        assert_safe(response, status)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("kind", "TIP "), ("kind", XSS), ("id", "-1"), ("id", "99999999999999999999"), ("id", "1.5"),
            ("id", "abc"), ("id", "١"), ("helpful", "misschien"), ("cell", "Z9"), ("context", "q1=9"),
            ("context", "q1=2&1.1=3"), ("page", "//evil.example/"), ("comment", "x" * 1001),
            ("comment", "a\x00b"), ("tool", "other"), ("next", "//evil.example/"), ("next", "/\\evil.example"),
            ("next", "/" + "a" * 2001), ("anchor", XSS), ("next", "/x?a=%FF%FE"),
        ],
    )  # fmt: skip
    @pytest.mark.parametrize("accept", ["text/html", "application/json"])
    def test_tampered_feedback_forms(self, client, field, value, accept):
        tip = Tip.objects.filter(live=True).first()
        data = {
            "kind": "tip",
            "id": str(tip.pk),
            "helpful": "ja",
            "cell": "S32",
            "next": "/wegwijzer/advies/",
        }
        response = client.post("/feedback/", {**data, field: value}, HTTP_ACCEPT=accept)
        assert_safe(response, (200, 201, 302, 400))
        if accept == "application/json":
            assert response["Content-Type"] == "application/json"

    @pytest.mark.parametrize(
        "token", ["", "x", "a:b:c", XSS, "A" * 5000, "%FF", ".eJwzNDQ0AAACdwDM:1vxyz:" + "A" * 43]
    )
    def test_forged_comment_tokens(self, client, token):
        response = client.post("/feedback/opmerking/", {"token": token, "comment": "Dit miste ik."})
        assert_safe(response, 400)

    @pytest.mark.parametrize(
        "body",
        [
            {"kind": "tip", "id": 99999999999999999999, "helpful": True},
            {"kind": "tip", "id": 2**63, "helpful": True},
            {"kind": "tip", "id": 1.5, "helpful": True},
            {"kind": "tip", "id": "١", "helpful": True},
            {"kind": "tip", "id": 1, "helpful": "misschien"},
            {"kind": "general", "comment": "x", "context": {f"q{i}": 1 for i in range(100)}},
            {"kind": "general", "comment": "x", "context": [1, 2]},
            {"kind": ["tip"]},
            {"kind": "general", "comment": "x" * 1001},
        ],
    )
    def test_tampered_feedback_json(self, client, body):
        response = client.post("/api/feedback/", json.dumps(body), content_type="application/json")
        assert_safe(response, 400)
        assert response.json()["error"]["message"]

    @pytest.mark.parametrize(
        "raw", [b"[1, 2]", b"null", b'"tip"', b"1e999", b"{", b"\xff\xfe", b'{"kind": NaN}']
    )
    @pytest.mark.parametrize("url", ["/api/feedback/", "/api/checklist/results/"])
    def test_json_bodies_that_are_no_object(self, client, raw, url):
        assert_safe(client.post(url, raw, content_type="application/json"), 400)

    @pytest.mark.parametrize(
        "token", ["A" * 19, "A" * 32, "A" * 64, "A" * 65, "%2e%2e", "%00", "%D9%A1" * 30, "_" * 32, "-" * 32]
    )
    @pytest.mark.parametrize(
        "route", ["meting/{}/", "reeks/{}/", "meting/{}/verwijderen/", "reeks/{}/nieuw/"]
    )
    def test_forged_measurement_links(self, client, token, route):
        url = "/checklist/" + route.format(token)
        assert_safe(client.get(url), 404)
        if url.endswith("verwijderen/"):
            assert_safe(client.post(url), 404)

    def test_measurement_posts_need_csrf(self):
        csrf_client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        assert_safe(csrf_client.post("/checklist/opslaan/", {"score-1.1": "3", "submission": "s" * 22}), 403)
        assert_safe(csrf_client.post("/feedback/", {"kind": "general", "comment": "x"}), 403)

    @pytest.mark.parametrize(
        ("username", "password", "status"),
        [
            ("a" * 100_000, "x", 400), ("admin\x00", "x", 200), ("admin", "x\x00", 200), (SQLI, SQLI, 200),
            (XSS, XSS, 200), ("\ud7ff", "\uffff", 200), ("", "", 200),
        ],
    )  # fmt: skip
    def test_odd_admin_logins(self, client, username, password, status):
        response = client.post("/admin/login/", {"username": username, "password": password})
        assert response.status_code == status
        assert not re.search(r"Traceback|File \"/", response.content.decode(errors="replace"))
