"""Security headers, CSP without inline script, admin login throttling, rate limits, XSS."""

from __future__ import annotations

import json
import re

import pytest

from pianoo import ratelimit
from pianoo.login_throttle import LOGIN_FAILURES
from pianoo.models import RateLimitHit
from tests.production.conftest import ANSWERS

# The policy the hand-written middleware sent before django-csp took over. django-csp
# 4.0 sends the same directives and sources, in an order that varies per process (it
# iterates a set), so headers are compared directive by directive.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


PUBLIC_PAGES = ["/", "/wegwijzer/", "/wegwijzer/advies/?" + "&".join(f"{k}={v}" for k, v in ANSWERS.items())]


class TestHeaders:
    @pytest.mark.parametrize("url", [*PUBLIC_PAGES, "/api/wegwijzer/", "/health/", "/bestaat-niet/"])
    def test_public_responses_carry_the_security_headers(self, client, site, url):
        response = client.get(url)
        assert directives(response["Content-Security-Policy"]) == directives(CSP)
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"

    def test_the_policy_is_the_one_sent_before_django_csp_nothing_more(self, client, site):
        policy = client.get("/wegwijzer/")["Content-Security-Policy"]
        assert sorted(policy.split("; ")) == sorted(CSP.split("; "))

    def test_the_admin_is_exempt_from_the_csp_because_wagtail_uses_inline_scripts(self, client, db):
        response = client.get("/admin/login/")
        assert response.status_code == 200
        assert "Content-Security-Policy" not in response
        assert response["X-Content-Type-Options"] == "nosniff"

    @pytest.mark.parametrize("url", PUBLIC_PAGES)
    def test_public_pages_honour_the_csp_no_inline_script_or_style(self, client, site, url):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for script in re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S | re.I):
            assert not script.strip(), f"inline script on {url}"
        assert not re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>", html, re.I), f"script without src on {url}"
        assert not re.findall(r"<style\b", html, re.I), f"inline <style> on {url}"
        assert not re.findall(r"\sstyle\s*=", html, re.I), f"style attribute on {url}"
        assert not re.findall(r"\son[a-z]+\s*=", html, re.I), f"event handler attribute on {url}"
        assert "javascript:" not in html.lower()


def form_data(html: str, action: str) -> list[tuple[str, str]]:
    """What a browser would submit from the edit form: every named field's current value."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(html, "html.parser").find("form", action=action)
    assert form is not None, action
    data: list[tuple[str, str]] = []
    for field in form.find_all(["input", "textarea", "select"]):
        name = str(field.get("name") or "")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            data.append((name, field.text))
        elif field.name == "select":
            data.extend(
                (name, str(option.get("value", ""))) for option in field.find_all("option", selected=True)
            )
        else:
            data.append((name, str(field.get("value", ""))))
    return data


class TestPreviewFraming:
    """The admin's live preview (an iframe) and "preview in new tab" may be framed by the
    admin itself; public pages may be framed by nobody."""

    @pytest.fixture
    def admin_client(self, client, django_user_model):
        user = django_user_model.objects.create_superuser("redacteur", "r@example.org", "geheim-wachtwoord-1")
        client.force_login(user)
        return client

    def preview(self, admin_client, edit_url: str, preview_url: str):
        from urllib.parse import urlencode

        edit = admin_client.get(edit_url)
        assert edit.status_code == 200
        posted = admin_client.post(
            preview_url,
            urlencode(form_data(edit.content.decode(), edit_url)),
            content_type="application/x-www-form-urlencoded",
        )
        assert posted.json()["is_valid"] is True, posted.content
        return admin_client.get(preview_url, {"in_preview_panel": "true"})

    def assert_frameable_by_the_admin_only(self, response) -> None:
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        ancestors = directives(response.get("Content-Security-Policy", "frame-ancestors 'self'"))
        assert ancestors.get("frame-ancestors", "'self'") == "'self'"

    def test_a_snippet_preview_may_be_framed_by_the_admin(self, admin_client, site):
        from django.urls import reverse

        from cms.models import Tip

        item = Tip.objects.get(text__contains="Specificeer functioneel.")
        response = self.preview(
            admin_client,
            reverse("wagtailsnippets_cms_tip:edit", args=[item.pk]),
            reverse("wagtailsnippets_cms_tip:preview_on_edit", args=[item.pk]),
        )
        self.assert_frameable_by_the_admin_only(response)
        assert "Specificeer functioneel." in response.content.decode()

    def test_a_page_preview_may_be_framed_by_the_admin(self, admin_client, site):
        from django.urls import reverse
        from wagtail.models import Page

        page = Page.objects.get(url_path__endswith="/wegwijzer/").specific
        response = self.preview(
            admin_client,
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
        )
        self.assert_frameable_by_the_admin_only(response)
        assert page.title in response.content.decode()

    @pytest.mark.parametrize("url", PUBLIC_PAGES)
    def test_public_pages_may_be_framed_by_nobody(self, client, site, url):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY"
        assert directives(response["Content-Security-Policy"])["frame-ancestors"] == "'none'"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        username="redacteur", email="r@example.org", password="juist-wachtwoord-123"
    )


class TestAdminLoginThrottle:
    def login(self, client, username, password):
        return client.post("/admin/login/", {"username": username, "password": password})

    def test_five_failures_block_the_username_from_this_client_with_a_dutch_message(
        self, client, editor, settings
    ):
        settings.RATELIMIT_ENABLED = True
        for _ in range(LOGIN_FAILURES):
            response = self.login(client, "redacteur", "fout")
            assert response.status_code == 200  # the login form again, with its error
        blocked = self.login(client, "redacteur", "juist-wachtwoord-123")
        assert blocked.status_code == 429
        assert "Te veel mislukte inlogpogingen" in blocked.content.decode()
        assert int(blocked["Retry-After"]) > 0
        # Another username from the same client is not blocked.
        assert self.login(client, "iemand-anders", "fout").status_code == 200

    def test_another_client_can_still_log_in(self, client, editor, settings):
        settings.RATELIMIT_ENABLED = True
        for _ in range(LOGIN_FAILURES):
            self.login(client, "redacteur", "fout")
        other = client.post(
            "/admin/login/",
            {"username": "redacteur", "password": "juist-wachtwoord-123"},
            REMOTE_ADDR="10.0.0.9",
        )
        assert other.status_code == 302

    def test_a_success_clears_the_failures(self, client, editor, settings):
        settings.RATELIMIT_ENABLED = True
        for _ in range(LOGIN_FAILURES - 1):
            self.login(client, "redacteur", "fout")
        assert self.login(client, "redacteur", "juist-wachtwoord-123").status_code == 302
        client.logout()
        for _ in range(LOGIN_FAILURES - 1):
            self.login(client, "redacteur", "fout")
        assert self.login(client, "redacteur", "juist-wachtwoord-123").status_code == 302

    def test_no_address_or_username_is_stored(self, client, editor, settings):
        settings.RATELIMIT_ENABLED = True
        self.login(client, "redacteur", "fout")
        keys = list(RateLimitHit.objects.values_list("key", flat=True))
        assert len(keys) == 2 and not any("127.0.0.1" in k or "redacteur" in k for k in keys)


class TestRateLimit:
    def test_check_rate_allows_up_to_the_limit_per_client(self, rf, settings, db):
        settings.RATELIMIT_ENABLED = True
        request = rf.get("/", REMOTE_ADDR="192.0.2.1")
        assert [ratelimit.check_rate(request, "t", 3, 60) for _ in range(4)] == [True, True, True, False]
        other = rf.get("/", REMOTE_ADDR="192.0.2.2")
        assert ratelimit.check_rate(other, "t", 3, 60)

    def test_the_client_behind_trusted_proxies_is_taken_from_x_forwarded_for(self, rf, settings):
        settings.RATELIMIT_PROXY_COUNT = 1
        settings.RATELIMIT_TRUSTED_PROXIES = ["10.0.0.0/24"]
        request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.7")
        assert ratelimit.client_ip(request) == "192.0.2.7"  # the one our proxy saw; 1.2.3.4 is forgeable

    def test_a_failing_cache_keeps_limiting_through_the_database(self, rf, settings, db):
        from pianoo.cache_backends import reset_breakers

        settings.RATELIMIT_ENABLED = True
        settings.RATELIMIT_STORE = "cache"
        settings.CACHES = {
            "default": {
                "BACKEND": "pianoo.cache_backends.FailSafeCache",
                "OPTIONS": {"BACKEND": "tests.production.broken_cache.BrokenCache"},
            }
        }
        try:
            request = rf.get("/", REMOTE_ADDR="192.0.2.1")
            assert [ratelimit.check_rate(request, "t", 2, 60) for _ in range(3)] == [True, True, False]
            assert RateLimitHit.objects.filter(scope="t").count() == 2
        finally:
            reset_breakers()

    def test_429_is_json_for_the_api_and_html_for_pages(self, rf):
        api = ratelimit.too_many_requests(rf.get("/api/feedback/"))
        assert api.status_code == 429 and api["Retry-After"] == "60"
        assert json.loads(api.content)["error"]["message"].startswith("U heeft te veel verzoeken")
        page = ratelimit.too_many_requests(rf.get("/feedback/"))
        assert page.status_code == 429 and "Te veel verzoeken" in page.content.decode()
        assert page["Content-Type"].startswith("text/html")

    def test_checklist_results_are_rate_limited(self, client, site, settings):
        settings.RATELIMIT_ENABLED = True
        body = json.dumps({"scores": {"1.1": 3}})
        assert (
            client.post("/api/checklist/results/", body, content_type="application/json").status_code == 200
        )
        key = ratelimit.client_key(_request("127.0.0.1"))
        for _ in range(119):
            ratelimit.add_event("checklist-results", key, 60)
        response = client.post("/api/checklist/results/", body, content_type="application/json")
        assert response.status_code == 429
        assert response.json()["error"]["message"].startswith("U heeft te veel verzoeken")


def _request(address: str):
    from django.test import RequestFactory

    return RequestFactory().get("/", REMOTE_ADDR=address)


MALICIOUS_IMPORT = "<script>alert(1)</script>"


def _assert_harmless(text: str) -> None:
    lowered = text.lower()
    assert "<script>alert" not in lowered
    assert "onerror" not in lowered
    assert "javascript:" not in lowered


class TestRichTextIsSanitised:
    @pytest.fixture
    def hostile(self, db):
        from importers.loader import load
        from importers.site import build_site
        from tests.factories import small_document, tip

        document = small_document(Fa=[tip(MALICIOUS_IMPORT, 1), tip("Bewerkbare tip.", 2)])
        load(document)
        build_site(document.landing)

    def save_as_editor(self, html_or_contentstate: str, *, pasted: bool) -> None:
        """What the admin's Draftail widget stores: contentstate converted by Wagtail's whitelist."""
        from wagtail.admin.rich_text import get_rich_text_editor_widget

        from cms.models import Tip

        widget = get_rich_text_editor_widget(features=["bold", "italic", "link", "ol", "ul"])
        contentstate = (
            widget.converter.from_database_format(html_or_contentstate) if pasted else html_or_contentstate
        )
        tip = Tip.objects.get(source_key="Fa:tip:2")
        tip.text = widget.converter.to_database_format(contentstate)
        tip.save_revision().publish()

    def check(self, client) -> None:
        api = client.get("/api/wegwijzer/advice/", ANSWERS)
        assert api.status_code == 200
        tips = api.json()["activities"][0]["blocks"][0]["tips"]
        for item in tips:
            _assert_harmless(item["html"])
        page = client.get("/wegwijzer/advies/", ANSWERS)
        assert page.status_code == 200
        _assert_harmless(page.content.decode())
        return tips

    def test_imported_script_is_escaped_text(self, client, hostile):
        tips = self.check(client)
        assert tips[0]["html"] == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
        assert (
            "&lt;script&gt;alert(1)&lt;/script&gt;"
            in client.get("/wegwijzer/advies/", ANSWERS).content.decode()
        )

    def test_pasted_img_onerror_and_javascript_link_are_stripped(self, client, hostile):
        self.save_as_editor(
            '<p>Zie <img src="x" onerror="alert(1)"/> en <a href="javascript:alert(1)">deze link</a>'
            ' of <a href="jav&#x09;ascript:alert(2)">die</a>.</p>',
            pasted=True,
        )
        tips = self.check(client)
        assert "deze link" in tips[1]["html"]

    def test_a_javascript_link_in_editor_contentstate_is_dropped(self, client, hostile):
        contentstate = {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "text": "klik hier",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 9, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {
                "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}}
            },
        }
        self.save_as_editor(json.dumps(contentstate), pasted=False)
        tips = self.check(client)
        assert "klik hier" in tips[1]["html"]


HOSTILE_GETS = [
    "/api/wegwijzer/advice/?q1=%ff%fe",
    "/api/wegwijzer/advice/?q1=1%27%20OR%20%271%27=%271",
    "/api/wegwijzer/advice/?q1=%3Cscript%3Ealert(1)%3C/script%3E",
    "/api/wegwijzer/advice/?q1=%00",
    "/api/wegwijzer/advice/?q99999999999999999999=1",
    "/api/wegwijzer/advice/?" + "&".join(f"x{i}=1" for i in range(300)),
    "/api/wegwijzer/advice/?q1=" + "1" * 5000,
    "/wegwijzer/advies/?q1=%ff",
    "/wegwijzer/advies/?q1=1&q1=2",
    "/wegwijzer/advies/?q3=%27;DROP%20TABLE%20cms_tip;--",
    "/wegwijzer/?q1=%c0%af",
    "/checklist/?score-1.1=%ff",
    "/%ff%fe/",
    "/..%2f..%2f..%2fetc/passwd",
    "/static/../../pianoo/settings/base.py",
    "/static/%2e%2e/%2e%2e/manage.py",
    "/api/v2/pages/?limit=-1",
    "/api/v2/pages/?fields=*&order=%27",
    "/api/v2/pages/99999999999999999999/",
    "/api/checklist/results/",
    "/admin/login/?next=javascript:alert(1)",
]


class TestHostileRequests:
    """Malformed parameters, huge bodies, invalid UTF-8, path tricks: never a 5xx or a traceback."""

    @pytest.fixture
    def client(self, site, response_cache_on):
        from django.test import Client

        return Client(raise_request_exception=False)

    def assert_safe(self, response):
        assert response.status_code < 500, response.status_code
        body = response.content.decode(errors="replace")
        assert "Traceback" not in body and 'File "/' not in body and "SECRET_KEY" not in body

    @pytest.mark.parametrize("url", HOSTILE_GETS)
    def test_hostile_gets(self, client, url):
        self.assert_safe(client.get(url))

    @pytest.mark.parametrize(
        ("body", "content_type"),
        [
            (b"{" * 10000, "application/json"),
            (b"\xff\xfe\x00garbage", "application/json"),
            (b"[1, 2, 3]", "application/json"),
            (b'{"scores": "1.1=4"}', "application/json"),
            (b'{"scores": {"1.1": 99, "x": null}}', "application/json"),
            (b'{"scores": {"1.1": "4\' OR 1=1"}}', "application/json"),
            (json.dumps({"scores": {f"k{i}": 1 for i in range(20000)}}).encode(), "application/json"),
            (b"a" * (200 * 1024), "application/json"),
            (b"scores=1", "application/x-www-form-urlencoded"),
            (b"<xml/>", "text/xml"),
        ],
    )
    def test_hostile_result_posts_get_a_json_4xx(self, client, body, content_type):
        response = client.post("/api/checklist/results/", body, content_type=content_type)
        self.assert_safe(response)
        assert 400 <= response.status_code < 500
        assert response.json()["error"]["message"]

    def test_a_huge_form_post_to_a_page_is_refused(self, client):
        response = client.post("/checklist/", {f"f{i}": "x" for i in range(1000)})
        self.assert_safe(response)


def test_request_log_never_contains_private_measurement_tokens():
    from pianoo.redaction import redact_path

    assert redact_path("/checklist/meting/abcDEF123_-x/") == "/checklist/meting/[token]/"
    assert redact_path("/checklist/reeks/abc/verwijderen/") == "/checklist/reeks/[token]/verwijderen/"
    assert redact_path("/wegwijzer/advies/") == "/wegwijzer/advies/"
