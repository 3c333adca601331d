"""Routable pages' sub-addresses served without Wagtail's tree walk (pianoo/page_routes.py)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from checklist.models import ChecklistPage, Round

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]

PAGE_TABLES = ("wagtailcore_site", "wagtailcore_page", "wagtailcore_pageviewrestriction")


@pytest.fixture
def round_(client) -> Round:
    body = json.dumps({"name": "Routering"})
    assert client.post("/api/checklist/rounds/", body, content_type="application/json").status_code == 201
    return Round.objects.get()


def get(client, url: str):
    """The response, and the page-tree tables its queries read."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, {t for q in queries for t in PAGE_TABLES if f'"{t}"' in q["sql"]}


def test_a_sub_address_is_served_without_reading_the_page_tree(client, round_):
    url = f"/checklist/ronde/{round_.coordinator_token}/"
    client.get(url)
    response, tables = get(client, url)
    assert response.status_code == 200
    assert "Routering" in response.content.decode()
    assert tables == set()


def test_unknown_sub_addresses_and_other_pages_are_left_to_wagtail(client, round_):
    assert client.get("/checklist/ronde/geen-bestaand-token-hier-123456/").status_code == 404
    assert client.get("/checklist/bestaat-niet/").status_code == 404
    assert client.get("/").status_code == 200
    assert client.get("/_util/login/").status_code == 200  # Wagtail's own address, not a page


def test_a_view_restriction_is_checked_as_wagtail_does(client, round_):
    url = f"/checklist/ronde/{round_.coordinator_token}/"
    assert client.get(url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=ChecklistPage.objects.get(), restriction_type=PageViewRestriction.LOGIN
    )
    response, tables = get(client, url)
    assert response.status_code == 302
    assert "/_util/login/" in response["Location"]
    assert "wagtailcore_pageviewrestriction" in tables
    restriction.delete()
    assert client.get(url).status_code == 200


def test_a_renamed_page_serves_its_sub_addresses_at_the_new_address_only(client, round_):
    url = f"ronde/{round_.coordinator_token}/"
    assert client.get(f"/checklist/{url}").status_code == 200
    page = ChecklistPage.objects.get()
    page.slug = "zelftest"
    page.save_revision().publish()
    assert client.get(f"/zelftest/{url}").status_code == 200
    assert client.get(f"/checklist/{url}").status_code == 404


def test_with_a_second_site_wagtail_routes_by_host(client, round_):
    url = f"/checklist/ronde/{round_.coordinator_token}/"
    client.get(url)
    other_root = Page.objects.get(depth=1).add_child(instance=Page(title="Andere site", slug="andere"))
    Site.objects.create(hostname="andere.example", root_page=other_root, is_default_site=False)
    response, tables = get(client, url)
    assert response.status_code == 200
    assert "wagtailcore_site" in tables
