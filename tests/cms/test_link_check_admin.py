""" "Controleer links nu": a background check from the admin, its progress and its report."""

from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cms import link_check_runs
from cms.models import Link, LinkCheckRun
from tests.cms.test_linkcheck import site  # noqa: F401  (the local http.server fixture)

pytestmark = pytest.mark.django_db

REPORT = "/admin/rapporten/links/"
START = "/admin/rapporten/links/controleren/"
PROGRESS = "/admin/rapporten/links/voortgang/"
State = LinkCheckRun.State


@pytest.fixture
def local_names(settings, monkeypatch, site):  # noqa: F811
    """Public-looking names for the local server, so that only the rule under test makes a link suspect."""
    settings.LINKCHECK_ALLOW_PRIVATE = True
    real = socket.getaddrinfo
    local = {"links.example.org", "nvz-inkopers.nl", "nvz-inkoprs.nl", "intranet"}

    def resolve(host, *args, **kwargs):
        return real("127.0.0.1" if host in local else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return site.rsplit(":", 1)[1]


@pytest.fixture
def links(local_names):
    port = local_names
    return {
        "ok": Link.objects.create(url=f"http://links.example.org:{port}/ok", title="Goed"),
        "moved": Link.objects.create(url=f"http://links.example.org:{port}/moved", title="Verhuisd"),
        "missing": Link.objects.create(url=f"http://links.example.org:{port}/missing", title="Weg"),
        "nodot": Link.objects.create(url=f"http://intranet:{port}/ok", title="Intern"),
        "right": Link.objects.create(url=f"http://nvz-inkopers.nl:{port}/ok", title="NVZ"),
        "typo": Link.objects.create(url=f"http://nvz-inkoprs.nl:{port}/ok", title="NVZ, getikt"),
    }


def start(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post(START)
    return response, callbacks


def test_a_report_that_was_never_checked_says_so_instead_of_no_results(admin_client, links):
    html = admin_client.get(REPORT).content.decode()
    assert "Nog nooit gecontroleerd" in html
    assert "Er zijn geen resultaten" not in html
    assert "Controleer links nu" in html
    assert f'action="{START}"' in html and 'method="post"' in html


def test_starting_returns_at_once_and_hands_the_check_to_a_background_thread(
    admin_client, links, django_capture_on_commit_callbacks
):
    response, callbacks = start(admin_client, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == REPORT
    run = LinkCheckRun.objects.get()
    # Nothing was checked in the request: the run waits for its thread, which starts on commit.
    assert (run.state, run.checked, run.total) == (State.RUNNING, 0, 6)
    assert Link.objects.filter(last_checked_at__isnull=False).count() == 0
    assert len(callbacks) == 1 and callbacks[0].func is link_check_runs.launch_in_thread

    html = admin_client.get(REPORT).content.decode()
    assert "De linkcontrole is gestart" in html
    assert "Bezig met controleren: 0 van 6 links gecontroleerd." in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "Voortgang vernieuwen" in html and "Controleer links nu" not in html
    assert "Nog geen problemen gevonden; de controle loopt nog." in html
    assert admin_client.get(PROGRESS).json() == {
        "running": True,
        "checked": 0,
        "total": 6,
        "text": "Bezig met controleren: 0 van 6 links gecontroleerd.",
    }


def test_pressing_twice_starts_one_check(admin_client, links, django_capture_on_commit_callbacks):
    start(admin_client, django_capture_on_commit_callbacks)
    response, callbacks = start(admin_client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert LinkCheckRun.objects.count() == 1 and callbacks == []
    assert "Er loopt al een linkcontrole" in admin_client.get(REPORT).content.decode()
    # The scheduled command refuses too.
    with pytest.raises(CommandError, match="Er loopt al een linkcontrole"):
        call_command("check_links", stdout=StringIO())


def test_the_database_refuses_a_second_running_check():
    LinkCheckRun.objects.create(state=State.RUNNING)
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkCheckRun.objects.create(state=State.RUNNING)
    LinkCheckRun.objects.create(state=State.DONE)
    LinkCheckRun.objects.create(state=State.DONE)


def test_the_finished_check_lists_failed_redirected_and_suspect_links(
    admin_client, links, django_capture_on_commit_callbacks
):
    _, callbacks = start(admin_client, django_capture_on_commit_callbacks)
    work = callbacks[0].args[0]
    work()  # what the thread runs, here in the test's transaction

    run = LinkCheckRun.objects.get()
    assert (run.state, run.checked, run.total) == (State.DONE, 6, 6)
    # Both spellings of the NVZ name are suspect: which one is wrong, nothing here tells.
    assert (run.broken, run.redirected, run.suspect) == (1, 1, 3)
    assert run.finished_at is not None

    html = admin_client.get(REPORT).content.decode()
    assert "Laatst gecontroleerd:" in html
    assert "6 links gecontroleerd: 1 kapot, 1 doorverwezen, 3 verdacht." in html
    assert "Controleer links nu" in html and "Voortgang vernieuwen" not in html
    assert links["missing"].url in html and "Status 404" in html
    assert links["moved"].url in html and "Doorverwezen (status 200)" in html
    assert "Verdacht: Servernaam zonder domein: intranet" in html
    assert "Verdacht: Lijkt op nvz-inkopers.nl" in html and "Verdacht: Lijkt op nvz-inkoprs.nl" in html
    listed = {
        name
        for name, link in links.items()
        if reverse("wagtailsnippets_cms_link:edit", args=[link.pk]) in html
    }
    assert listed == {"missing", "moved", "nodot", "right", "typo"}

    suspect = admin_client.get(REPORT + "?problem=suspect").content.decode()
    assert links["typo"].url in suspect and links["missing"].url not in suspect
    assert admin_client.get(PROGRESS).json()["running"] is False


def test_a_check_with_no_problems_says_so(admin_client, local_names):
    Link.objects.create(url=f"http://links.example.org:{local_names}/ok", title="Goed")
    call_command("check_links", stdout=StringIO())
    html = admin_client.get(REPORT).content.decode()
    assert "Geen kapotte, doorverwezen of verdachte links bij de laatste controle." in html
    assert "Nog nooit gecontroleerd" not in html


def test_progress_is_written_on_the_run_while_the_check_goes(links, monkeypatch):
    run, started = link_check_runs.claim()
    assert started
    seen: list[int] = []
    real_check_links = link_check_runs.check_links

    def check_links(links, *, progress, **options):
        def spy(checked: int) -> None:
            progress(checked)
            seen.append(LinkCheckRun.objects.get(pk=run.pk).checked)

        return real_check_links(links, progress=spy, **options)

    monkeypatch.setattr(link_check_runs, "check_links", check_links)
    link_check_runs.execute(run.pk, workers=2, timeout=5)
    # What the report reads while the check goes: one more link at a time.
    assert seen == [1, 2, 3, 4, 5, 6]


def test_a_check_whose_server_died_is_abandoned_and_a_new_one_may_start(links, admin_client):
    stale = LinkCheckRun.objects.create(
        state=State.RUNNING, heartbeat_at=timezone.now() - timedelta(hours=1), checked=2, total=6
    )
    html = admin_client.get(REPORT).content.decode()
    assert "De laatste controle is afgebroken: 2 van 6 links gecontroleerd." in html
    assert "Controleer links nu" in html
    run, started = link_check_runs.claim()
    assert started and run.pk != stale.pk
    stale.refresh_from_db()
    assert stale.state == State.ABANDONED and stale.error


def test_a_failing_check_is_marked_failed(links):
    run, _ = link_check_runs.claim()

    def checker(url: str, timeout: float):
        raise RuntimeError("kapotte controle")

    with pytest.raises(RuntimeError):
        link_check_runs.execute(run.pk, checker=checker)
    run.refresh_from_db()
    assert run.state == State.FAILED and "kapotte controle" in run.error
    assert link_check_runs.claim()[1]


def test_the_launcher_runs_the_work_in_another_thread():
    done = threading.Event()
    ran_in: list[int] = []

    def work():
        ran_in.append(threading.get_ident())
        done.set()

    started = time.monotonic()
    link_check_runs.launch_in_thread(work)
    assert done.wait(5)
    assert ran_in and ran_in[0] != threading.get_ident()
    assert time.monotonic() - started < 5


def test_starting_needs_a_post_and_the_right_to_change_links(client, admin_client, django_user_model):
    assert admin_client.get(START).status_code == 405
    editor = django_user_model.objects.create_user("zonder-rechten", password="x", is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    # Wagtail answers a refused admin action with a redirect to the dashboard and a message.
    assert client.post(START)["Location"] == "/admin/"
    assert client.get(PROGRESS)["Location"] == "/admin/"
    assert LinkCheckRun.objects.count() == 0


@pytest.mark.parametrize("problems", [2, 20])
def test_the_report_costs_the_same_queries_for_any_number_of_links(
    admin_client, problems, django_assert_num_queries
):
    for number in range(problems):
        Link.objects.create(url=f"https://voorbeeld{number}.example.org/", title="x", last_status=404)
    LinkCheckRun.objects.create(state=State.DONE, checked=problems, total=problems, broken=problems)
    admin_client.get(REPORT)  # warm the session and permission caches
    # session, user, and the report: links, usages per kind, count, runs, the check status
    with django_assert_num_queries(13):
        response = admin_client.get(REPORT)
    assert response.status_code == 200
