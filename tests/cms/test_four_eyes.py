"""Four-eyes publishing: off by default; when on, a change goes live only after a second editor approves."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.test.utils.form_data import querydict_from_html

from cms import four_eyes
from cms.item_kinds import ITEM_KINDS
from cms.models import Tip
from importers.loader import load
from tests.factories import small_document, tip

pytestmark = pytest.mark.django_db

ORIGINAL = "Functioneel specificeren."
CHANGED = "Specificeer functioneel, met vier ogen."
ADVICE = "/api/wegwijzer/advice/?q1=1&q2=1&q3=2&q4=1&q5=1"


@pytest.fixture
def item():
    report = load(small_document(S32=[tip(ORIGINAL, 1)]))
    assert not report.errors
    return Tip.objects.get(text__contains=ORIGINAL)


def user_in(django_user_model, name: str, group: str, *codenames: str) -> Client:
    user = django_user_model.objects.create_user(name, password="x")
    user.groups.add(Group.objects.get(name=group))
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="cms", codename__in=codenames),
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(django_user_model) -> Client:
    """Edits tips; may publish too (so only four eyes stops a direct publish)."""
    return user_in(django_user_model, "redacteur", "Editors", "add_tip", "change_tip", "publish_tip")


@pytest.fixture
def moderator(django_user_model) -> Client:
    return user_in(django_user_model, "eindredacteur", "Moderators", "add_tip", "change_tip", "publish_tip")


def edit_url(obj) -> str:
    return reverse(obj.snippet_viewset.get_url_name("edit"), args=[quote(obj.pk)])


def save(client: Client, obj, action: str, text: str = CHANGED):
    url = edit_url(obj)
    html = client.get(url).content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    contentstate = json.loads(data["text"])
    contentstate["blocks"][0]["text"] = text
    data["text"] = json.dumps(contentstate)
    data[action] = action
    return client.post(url, data)


def public_tips(client: Client) -> list[str]:
    blocks = next(a for a in client.get(ADVICE).json()["activities"] if a["code"] == "S")["blocks"]
    return [t["text"] for block in blocks for t in block["tips"]]


def approve(client: Client, obj):
    obj.refresh_from_db()
    state = TaskState.objects.get(workflow_state__object_id=str(obj.pk), status=TaskState.STATUS_IN_PROGRESS)
    url = reverse(
        obj.snippet_viewset.get_url_name("workflow_action"), args=[quote(obj.pk), "approve", state.pk]
    )
    return client.post(url, {})


def test_it_is_off_by_default_and_an_editor_publishes_directly(editor, item, client):
    assert not any(four_eyes.is_on(kind.model) for kind in ITEM_KINDS)
    assert "action-publish" in editor.get(edit_url(item)).content.decode()
    assert save(editor, item, "action-publish").status_code == 302
    assert CHANGED in public_tips(client)


def test_with_four_eyes_on_a_change_waits_for_a_second_editor(editor, moderator, item, client):
    call_command("four_eyes", "on", stdout=StringIO())
    assert all(four_eyes.is_on(kind.model) for kind in ITEM_KINDS)

    html = editor.get(edit_url(item)).content.decode()
    assert 'name="action-publish"' not in html and 'name="action-submit"' in html
    # A publish sent anyway is refused, with a Dutch explanation.
    response = save(editor, item, "action-publish")
    assert response.status_code == 302
    assert "Vier ogen staat aan" in editor.get(response["Location"]).content.decode()
    assert CHANGED not in public_tips(client) and ORIGINAL in public_tips(client)

    assert save(editor, item, "action-submit").status_code == 302
    item.refresh_from_db()
    assert item.workflow_in_progress
    assert ORIGINAL in public_tips(client) and CHANGED not in public_tips(client)

    # The editor who submitted cannot approve their own change ...
    assert approve(editor, item).status_code in (302, 403)
    item.refresh_from_db()
    assert item.workflow_in_progress and CHANGED not in public_tips(client)

    # ... a second editor can, and approving publishes.
    response = approve(moderator, item)
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.workflow_in_progress
    assert CHANGED in public_tips(client) and ORIGINAL not in public_tips(client)


def test_a_moderator_cannot_approve_their_own_submission(moderator, admin_client, item, client):
    call_command("four_eyes", "on", stdout=StringIO())
    assert save(moderator, item, "action-submit").status_code == 302
    approve(moderator, item)
    item.refresh_from_db()
    assert item.workflow_in_progress and CHANGED not in public_tips(client)
    assert approve(admin_client, item).status_code == 302
    assert CHANGED in public_tips(client)


def test_switching_it_off_lets_editors_publish_again(editor, item, client):
    out = StringIO()
    call_command("four_eyes", "on", stdout=out)
    assert "Vier ogen staat aan" in out.getvalue()
    call_command("four_eyes", "off", stdout=out)
    assert "Vier ogen staat uit" in out.getvalue() and "tips: vier ogen uit" in out.getvalue()
    assert not four_eyes.is_on(Tip)
    assert save(editor, item, "action-publish").status_code == 302
    assert CHANGED in public_tips(client)


def test_switching_on_with_an_unknown_group_is_a_clear_error():
    with pytest.raises(CommandError, match="Onbekende groep: Niemand"):
        call_command("four_eyes", "on", "--group", "Niemand", stdout=StringIO())
    assert not four_eyes.is_on(Tip)
