"""The editors' workbench: coverage grid, cells, where-used panels, ordering, publishing."""

from __future__ import annotations

import json

import pytest
from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from cms.cache import content_version
from cms.models import Link, Reference, Tip, TipPlacement
from importers.loader import load
from tests.factories import example, reference, small_document, tip

pytestmark = pytest.mark.django_db

ADVICE_API = "/api/wegwijzer/advice/"
ALL_ONES = "q1=1&q2=1&q3=1&q4=1&q5=1"
S32_QUERY = "q1=1&q2=1&q3=2&q4=1&q5=1"


@pytest.fixture
def content():
    report = load(
        small_document(
            Fa=[tip("Algemene tip één.", 1), tip("Algemene tip twee.", 2), tip("Algemene tip drie.", 3)],
            S32=[
                tip("Functioneel specificeren.", 4),
                example("Een gemeente specificeert functioneel.", 5, "https://example.org/x"),
                reference("Kamann", "Decentraal specificeren.", 6, "https://example.org/k"),
            ],
            U11=[reference("Kamann", "Decentraal specificeren.", 7, "https://example.org/k")],
        )
    )
    assert not report.errors


def advice_tips(client, query: str, activity: str) -> list[str]:
    data = client.get(f"{ADVICE_API}?{query}").json()
    blocks = next(a for a in data["activities"] if a["code"] == activity)["blocks"]
    return [t["text"] for block in blocks for t in block["tips"]]


def edit_url(item) -> str:
    return reverse(item.snippet_viewset.get_url_name("edit"), args=[quote(item.pk)])


# Access ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/wegwijzer/",
        "/admin/wegwijzer/cellen/",
        "/admin/wegwijzer/cellen/Fa/",
        "/admin/rapporten/links/",
    ],
)
def test_workbench_requires_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_reordering_requires_login(client, content):
    placement = TipPlacement.objects.filter(activity__code="F", answer__isnull=True).last()
    response = client.post(
        "/admin/wegwijzer/cellen/Fa/volgorde/", {"kind": "tip", "placement": placement.pk, "direction": "up"}
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert list(TipPlacement.objects.filter(pk=placement.pk).values_list("sort_order", flat=True)) == [2]


# Coverage ---------------------------------------------------------------------


def test_coverage_grid_counts_each_combination_in_fixed_queries(
    admin_client, content, django_assert_max_num_queries
):
    admin_client.get("/admin/wegwijzer/")  # warm Wagtail's own caches (site root paths, menus)
    with django_assert_max_num_queries(13):
        response = admin_client.get("/admin/wegwijzer/")
    assert response.status_code == 200
    coverage = response.context["coverage"]
    assert len(coverage.rows) == 32
    rows = {row.query: row for row in coverage.rows}
    f, a, s, u = rows[S32_QUERY].counts
    assert (f.tips, f.examples, f.references) == (3, 0, 0)
    assert (s.tips, s.examples, s.references) == (1, 1, 1)
    assert a.total == 0
    assert u == rows[ALL_ONES].counts[3]  # U11, by answer 1 on question 1
    assert rows[ALL_ONES].counts[2].total == 0
    assert rows[ALL_ONES].counts[3].references == 1
    assert rows["q1=2&q2=1&q3=1&q4=1&q5=1"].counts[3].total == 0
    html = response.content.decode()
    assert f'href="{ADVICE_API}?{S32_QUERY.replace("&", "&amp;")}"' in html
    assert 'target="_blank"' in html
    assert len(response.context["empty_cells"]) == 41


def test_coverage_links_to_the_public_advice_page_when_there_is_one(admin_client, content):
    from io import StringIO

    from django.core.management import call_command

    call_command("setup_site", stdout=StringIO())
    html = admin_client.get("/admin/wegwijzer/").content.decode()
    assert f'href="http://testserver/wegwijzer/advies/?{S32_QUERY.replace("&", "&amp;")}"' in html or (
        f'href="/wegwijzer/advies/?{S32_QUERY.replace("&", "&amp;")}"' in html
    )


def test_coverage_query_count_does_not_grow_with_content(admin_client, django_assert_max_num_queries):
    many = {key: [tip(f"Tip {key} {i}.", i) for i in range(4)] for key in ("Fa", "A21", "S32", "U52", "F11")}
    load(small_document(**many))
    admin_client.get("/admin/wegwijzer/")  # warm Wagtail's own caches
    with django_assert_max_num_queries(13):
        assert admin_client.get("/admin/wegwijzer/").status_code == 200


def test_cells_view_lists_all_44_cells_marks_empty_ones_and_links_to_edit(
    admin_client, content, django_assert_max_num_queries
):
    admin_client.get("/admin/wegwijzer/cellen/")  # warm Wagtail's own caches
    # 15 on its own, 16 after other admin tests (a process-level admin cache); fixed either way.
    with django_assert_max_num_queries(16):
        response = admin_client.get("/admin/wegwijzer/cellen/")
    assert response.status_code == 200
    cells = {cell["key"]: cell for cell in response.context["cells"]}
    assert len(cells) == 44
    assert cells["S32"]["counts"].total == 3
    assert cells["A11"]["counts"].is_empty()
    assert "A11" in response.context["empty_cells"] and "S32" not in response.context["empty_cells"]
    html = response.content.decode()
    assert edit_url(Tip.objects.get(source_key="S32:tip:1")) in html
    assert edit_url(Reference.objects.get(author="Kamann")) in html


def test_cells_view_shows_drafts_but_does_not_count_them(admin_client, content):
    Tip.objects.get(source_key="S32:tip:1").unpublish()
    response = admin_client.get("/admin/wegwijzer/cellen/")
    cells = {cell["key"]: cell for cell in response.context["cells"]}
    assert cells["S32"]["counts"].tips == 0
    tips = next(k for k in cells["S32"]["kinds"] if k["kind"] == "tip")["entries"]
    assert [entry.live for entry in tips] == [False]


def test_cell_view_shows_items_in_visitor_order_and_reach(admin_client, content):
    response = admin_client.get("/admin/wegwijzer/cellen/S32/")
    assert response.status_code == 200
    assert response.context["combinations"] == 16
    assert response.context["total_combinations"] == 32
    assert "16 van de 32" in response.content.decode()
    assert admin_client.get("/admin/wegwijzer/cellen/X99/").status_code == 404
    assert admin_client.get("/admin/wegwijzer/cellen/2.1/").status_code == 404


# Where used -------------------------------------------------------------------


def test_tip_edit_view_shows_where_it_is_shown_and_for_how_many_combinations(admin_client, content):
    html = admin_client.get(edit_url(Tip.objects.get(source_key="S32:tip:1"))).content.decode()
    assert "Waar wordt dit getoond?" in html
    assert "bij antwoord 2 op vraag 3" in html
    assert "16 van de 32 combinaties" in html

    general = admin_client.get(edit_url(Tip.objects.get(source_key="Fa:tip:1"))).content.decode()
    assert "algemeen (bij elk antwoord)" in general
    assert "32 van de 32 combinaties" in general


def test_reference_edit_view_lists_every_cell_and_checklist_statement(admin_client, content):
    html = admin_client.get(edit_url(Reference.objects.get(author="Kamann"))).content.decode()
    assert "<strong>S32</strong>" in html and "<strong>U11</strong>" in html
    checklist_example = admin_client.get(edit_url(Tip.objects.get(source_key="1.1:tip:1"))).content.decode()
    assert "<strong>1.1</strong>: Checklist, thema 1: Zijn de ambities bekend?" in checklist_example


def test_link_edit_view_lists_every_item_using_it_and_their_cells(admin_client, content):
    link = Link.objects.get(url="https://example.org/k")
    html = admin_client.get(edit_url(link)).content.decode()
    assert "Waar wordt deze link gebruikt?" in html
    kamann = Reference.objects.get(author="Kamann")
    assert edit_url(kamann) in html
    assert ">S32</strong>" in html and ">U11</strong>" in html


# Ordering ---------------------------------------------------------------------


def fa_tip_order() -> list[str]:
    return [
        p.item.plain_text
        for p in TipPlacement.objects.filter(activity__code="F", answer__isnull=True, item__live=True)
        .select_related("item")
        .order_by("sort_order", "pk")
    ]


def test_move_up_reorders_the_cell_and_the_api_shows_it_at_once(admin_client, client, content):
    before = advice_tips(client, ALL_ONES, "F")  # also fills the cache
    assert before == ["Algemene tip één.", "Algemene tip twee.", "Algemene tip drie."]
    third = TipPlacement.objects.get(item__source_key="Fa:tip:3")
    version = content_version()

    response = admin_client.post(
        "/admin/wegwijzer/cellen/Fa/volgorde/", {"kind": "tip", "placement": third.pk, "direction": "up"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/wegwijzer/cellen/Fa/")
    assert content_version() > version
    assert fa_tip_order() == ["Algemene tip één.", "Algemene tip drie.", "Algemene tip twee."]
    assert advice_tips(client, ALL_ONES, "F") == fa_tip_order()


def test_moving_past_the_end_changes_nothing(admin_client, content):
    first = TipPlacement.objects.get(item__source_key="Fa:tip:1")
    admin_client.post(
        "/admin/wegwijzer/cellen/Fa/volgorde/", {"kind": "tip", "placement": first.pk, "direction": "up"}
    )
    assert fa_tip_order()[0] == "Algemene tip één."


def test_moving_a_placement_of_another_cell_is_refused(admin_client, content):
    s32 = TipPlacement.objects.get(item__source_key="S32:tip:1")
    response = admin_client.post(
        "/admin/wegwijzer/cellen/Fa/volgorde/",
        {"kind": "tip", "placement": s32.pk, "direction": "up"},
        follow=True,
    )
    assert "niet (meer) in deze cel" in response.content.decode()


def test_reorder_survives_a_later_publish_from_the_edit_form(admin_client, client, content):
    third_tip = Tip.objects.get(source_key="Fa:tip:3")
    third = TipPlacement.objects.get(item=third_tip)
    admin_client.post(
        "/admin/wegwijzer/cellen/Fa/volgorde/", {"kind": "tip", "placement": third.pk, "direction": "up"}
    )
    new_order = fa_tip_order()
    # The editor then publishes the tip through the admin form, which loads the latest revision.
    url = edit_url(third_tip)
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="w-editor-form")
    data["action-publish"] = "action-publish"
    assert admin_client.post(url, data).status_code == 302
    assert fa_tip_order() == new_order


def test_reordering_keeps_an_editors_draft_unpublished(admin_client, content):
    third_tip = Tip.objects.get(source_key="Fa:tip:3")
    third_tip.text = "<p>Concepttekst.</p>"
    third_tip.save_revision()
    third = TipPlacement.objects.get(item=third_tip)
    admin_client.post(
        "/admin/wegwijzer/cellen/Fa/volgorde/", {"kind": "tip", "placement": third.pk, "direction": "up"}
    )
    third_tip.refresh_from_db()
    assert third_tip.plain_text == "Algemene tip drie."
    assert third_tip.has_unpublished_changes
    draft = third_tip.latest_revision.content
    assert draft["text"] == "<p>Concepttekst.</p>"
    assert [p["sort_order"] for p in draft["placements"]] == [1]


# Publishing ---------------------------------------------------------------------


def test_publishing_an_edit_through_the_admin_shows_in_the_api_at_once(admin_client, client, content):
    assert "Functioneel specificeren." in advice_tips(client, S32_QUERY, "S")
    item = Tip.objects.get(source_key="S32:tip:1")
    url = edit_url(item)
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="w-editor-form")
    contentstate = json.loads(data["text"])
    contentstate["blocks"][0]["text"] = "Specificeer functioneel, herzien."
    data["text"] = json.dumps(contentstate)
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    tips = advice_tips(client, S32_QUERY, "S")
    assert "Specificeer functioneel, herzien." in tips
    assert "Functioneel specificeren." not in tips


def test_unpublishing_and_republishing_through_the_admin_shows_in_the_api_at_once(
    admin_client, client, content
):
    item = Tip.objects.get(source_key="S32:tip:1")
    assert "Functioneel specificeren." in advice_tips(client, S32_QUERY, "S")
    unpublish_url = reverse(item.snippet_viewset.get_url_name("unpublish"), args=[quote(item.pk)])
    assert admin_client.post(unpublish_url).status_code == 302
    assert "Functioneel specificeren." not in advice_tips(client, S32_QUERY, "S")

    url = edit_url(item)
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="w-editor-form")
    data["action-publish"] = "action-publish"
    assert admin_client.post(url, data).status_code == 302
    assert "Functioneel specificeren." in advice_tips(client, S32_QUERY, "S")


# Link report ----------------------------------------------------------------------


def test_link_report_lists_broken_and_redirected_links_with_their_users(
    admin_client, content, django_assert_max_num_queries
):
    Link.objects.filter(url="https://example.org/k").update(last_status=404)
    Link.objects.filter(url="https://example.org/x").update(
        last_status=200, redirect_url="https://example.org/y"
    )
    with django_assert_max_num_queries(15):
        response = admin_client.get("/admin/rapporten/links/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "https://example.org/k" in html and "Status 404" in html
    assert "https://example.org/y" in html
    assert edit_url(Reference.objects.get(author="Kamann")) in html

    broken = admin_client.get("/admin/rapporten/links/?problem=broken").content.decode()
    assert "https://example.org/k" in broken and "https://example.org/y" not in broken


def test_link_report_omits_links_that_are_fine(admin_client, content):
    Link.objects.update(last_status=200)
    response = admin_client.get("/admin/rapporten/links/")
    assert "https://example.org/k" not in response.content.decode()
