"""pianoo/pdf_jobs.py: cold PDFs recorded by the request and made by the render process.

The rest of the suite renders within the request (PDF_RENDER_INLINE under test settings);
these tests turn that off and drive the queued path as production runs it: the request
answers 202 with a page that asks again, the render process's `render_next` makes the PDF,
and the same address then serves it.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from datetime import timedelta
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from checklist.views import exports
from pianoo import pdf, pdf_jobs
from pianoo.models import PdfJob
from tests.checklist.test_exports import make_series
from tests.factories import clear_caches

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]

ROOT = Path(__file__).resolve().parents[2]
ADVICE_PDF = "/wegwijzer/advies/pdf/?q1=1&q2=2"
HTML = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Proef</title></head>'
    "<body><h1>Kop</h1><p>Een alinea.</p></body></html>"
)


@pytest.fixture(autouse=True)
def queued(settings):
    """As production: no render in the request; no cached PDF from another test."""
    settings.PDF_RENDER_INLINE = False
    clear_caches()
    yield
    clear_caches()


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def assert_waiting_page(response, address: str) -> None:
    assert response.status_code == 202
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Uw PDF wordt gemaakt" in html
    assert 'http-equiv="refresh"' not in html  # a timed reload fails WCAG 2.2.1
    assert "pianoo/js/pdf-wait" in html and 'data-pdf-wait="2"' in html  # the script asks every 2 s
    assert f'href="{address.replace("&", "&amp;")}"' in html  # a plain link, for whoever has no script
    assert "<script>" not in html


def test_a_cold_advice_pdf_answers_202_and_the_same_address_serves_the_pdf_once_rendered(client, monkeypatch):
    waiting = client.get(ADVICE_PDF)
    assert_waiting_page(waiting, ADVICE_PDF)
    job = PdfJob.objects.get()
    assert job.status == PdfJob.Status.PENDING and not job.private
    assert "Uw advies" in job.html
    with monkeypatch.context() as patched:  # a reload finds its job by the advice's identity
        patched.setattr(pdf, "document_html", lambda *args: pytest.fail("rendered again"))
        assert client.get(ADVICE_PDF).status_code == 202

    assert pdf_jobs.render_next() is True
    assert pdf_jobs.render_next() is False  # nothing else waiting

    done = client.get(ADVICE_PDF)
    assert done.status_code == 200
    assert done["Content-Type"] == "application/pdf"
    assert done["Content-Disposition"] == 'attachment; filename="advies-wegwijzer.pdf"'
    text = text_of(done.content)
    assert "Uw advies" in text and "Wegwijzer Organisatie Strategische Inkoop" in text
    assert PdfJob.objects.get().html == ""  # the HTML is not kept once rendered


def test_a_finished_advice_pdf_goes_into_the_cache(client, monkeypatch):
    client.get(ADVICE_PDF)
    pdf_jobs.render_next()
    first = client.get(ADVICE_PDF)
    PdfJob.objects.all().delete()
    monkeypatch.setattr(pdf, "document_html", lambda *args: pytest.fail("rendered again"))
    again = client.get(ADVICE_PDF)
    assert again.status_code == 200 and again.content == first.content


def test_repeated_requests_for_the_same_pdf_share_one_job(client):
    measurement = make_series().measurements.first()
    address = f"/checklist/meting/{measurement.token}/pdf/"
    for _ in range(3):
        assert client.get(address).status_code == 202
        assert client.get(ADVICE_PDF).status_code == 202
    assert PdfJob.objects.count() == 2
    assert pdf_jobs.render_next() and pdf_jobs.render_next()
    assert not pdf_jobs.render_next()  # each rendered once
    assert client.get(address)["Content-Type"] == "application/pdf"


def test_a_simultaneous_request_finds_the_job_the_other_recorded():
    now = timezone.now()
    key = pdf_jobs.job_key(HTML, "", (), private=False)
    first = pdf_jobs._record(key, HTML, "", (), private=False, now=now)
    second = pdf_jobs._record(key, HTML, "", (), private=False, now=now)  # its insert hits the unique key
    assert first.pk == second.pk
    assert PdfJob.objects.count() == 1


def test_a_job_claimed_by_one_render_process_is_not_claimed_by_another():
    with pytest.raises(pdf_jobs.PdfPending):
        pdf_jobs.queued_pdf(HTML)
    claimed = pdf_jobs.claim_next()
    assert claimed is not None and claimed.status == PdfJob.Status.RENDERING
    assert pdf_jobs.claim_next() is None  # the other process finds nothing to do
    # A process that read the job as pending before the claim: its conditional update changes nothing.
    assert not PdfJob.objects.filter(pk=claimed.pk, status=PdfJob.Status.PENDING, claimed_at=None).update(
        status=PdfJob.Status.RENDERING
    )
    pdf_jobs.render_job(claimed)
    assert pdf_jobs.queued_pdf(HTML).startswith(b"%PDF-")


def test_a_job_left_by_a_stopped_render_process_is_taken_again_then_given_up():
    with pytest.raises(pdf_jobs.PdfPending):
        pdf_jobs.queued_pdf(HTML)
    later = timezone.now() + pdf_jobs.STALE_CLAIM + timedelta(seconds=1)
    assert pdf_jobs.claim_next() is not None  # and then the process died
    assert pdf_jobs.claim_next() is None
    retaken = pdf_jobs.claim_next(later)
    assert retaken is not None and retaken.attempts == 2
    third = pdf_jobs.claim_next(later + pdf_jobs.STALE_CLAIM + timedelta(seconds=1))
    assert third is not None and third.attempts == 3
    pdf_jobs.render_job(third)  # stopped its process twice: not tried a third time
    with pytest.raises(pdf.PdfUnavailable):
        pdf_jobs.queued_pdf(HTML)


def test_a_failing_render_gives_the_dutch_error_page_and_no_pdf(client, monkeypatch):
    def broken(*args: object) -> bytes:
        raise RuntimeError("pango")

    monkeypatch.setattr(pdf, "write_pdf", broken)
    assert client.get(ADVICE_PDF).status_code == 202
    pdf_jobs.render_next()
    failed = client.get(ADVICE_PDF)
    assert failed.status_code == 503
    assert failed["Content-Type"].startswith("text/html")
    assert failed["Retry-After"] == "60"
    body = failed.content.decode()
    assert "De PDF is nu niet beschikbaar" in body and "De PDF kon niet worden gemaakt" in body
    assert PdfJob.objects.get().pdf is None


def test_an_oversized_render_fails_with_the_dutch_message(client, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 1)
    client.get(ADVICE_PDF)
    pdf_jobs.render_next()
    response = client.get(ADVICE_PDF)
    assert response.status_code == 503
    assert pdf.FAILED_MESSAGE in response.content.decode()


def test_oversized_html_is_refused_before_a_job_is_recorded(client, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_HTML_CHARS", 100)
    assert client.get(ADVICE_PDF).status_code == 503
    assert not PdfJob.objects.exists()


def test_a_render_over_its_cpu_time_fails(settings, monkeypatch):
    settings.PDF_TIMEOUT = 0.2

    def spinning(*args: object) -> bytes:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            pass
        return b"%PDF-never"

    monkeypatch.setattr(pdf, "write_pdf", spinning)
    with pytest.raises(pdf_jobs.PdfPending):
        pdf_jobs.queued_pdf(HTML)
    started = time.monotonic()
    pdf_jobs.render_next()
    assert time.monotonic() - started < 5
    assert PdfJob.objects.get().status == PdfJob.Status.FAILED


def test_a_job_no_render_process_takes_gives_the_busy_page(client, settings):
    settings.PDF_QUEUE_WAIT = 0
    client.get(ADVICE_PDF)
    response = client.get(ADVICE_PDF)
    assert response.status_code == 503
    assert "Er worden nu veel PDF" in response.content.decode()
    assert not PdfJob.objects.exists()  # the next request starts afresh


def test_a_job_whose_render_process_stopped_and_none_took_over_gives_the_busy_page(client, settings):
    client.get(ADVICE_PDF)
    assert pdf_jobs.claim_next() is not None  # and then that process stopped, and no other runs
    assert client.get(ADVICE_PDF).status_code == 202
    settings.PDF_QUEUE_WAIT = 0
    PdfJob.objects.update(created_at=timezone.now() - pdf_jobs.STALE_CLAIM - timedelta(seconds=1))
    response = client.get(ADVICE_PDF)
    assert response.status_code == 503
    assert "Er worden nu veel PDF" in response.content.decode()
    assert not PdfJob.objects.exists()


def test_a_private_job_holds_no_raw_token_and_expires_in_an_hour(client):
    series = make_series()
    address = f"/checklist/reeks/{series.manage_token}/pdf/"
    assert client.get(address).status_code == 202
    job = PdfJob.objects.get()
    assert job.private
    assert series.manage_token not in job.key and series.read_token not in job.key
    assert abs(job.expires_at - (job.created_at + timedelta(hours=1))) < timedelta(seconds=1)
    pdf_jobs.render_next()
    job.refresh_from_db()
    assert job.html == "" and job.pdf is not None
    assert client.get(address)["Cache-Control"] == "no-store"

    assert "0 verlopen" in pdf_jobs.purge_expired(timezone.now())
    report = pdf_jobs.purge_expired(job.expires_at + timedelta(seconds=1))
    assert report == "1 verlopen PDF-opdrachten verwijderd."
    assert not PdfJob.objects.exists()


def test_an_expired_job_is_not_served_but_recorded_again(client):
    client.get(ADVICE_PDF)
    pdf_jobs.render_next()
    PdfJob.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(ADVICE_PDF).status_code == 202
    assert PdfJob.objects.get().status == PdfJob.Status.PENDING


def test_the_retention_command_deletes_expired_jobs():
    with pytest.raises(pdf_jobs.PdfPending):
        pdf_jobs.queued_pdf(HTML, private=True)
    PdfJob.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    out = StringIO()
    call_command("purge_feedback", stdout=out)
    assert "1 verlopen PDF-opdrachten verwijderd." in out.getvalue()
    assert not PdfJob.objects.exists()


def test_the_rate_limit_counts_new_renders_not_reloads(client, settings, monkeypatch):
    settings.RATELIMIT_ENABLED = True
    monkeypatch.setattr(exports, "PDF_LIMIT", (1, 60))
    first, second = make_series().measurements.all()[:2]
    for _ in range(3):
        assert client.get(f"/checklist/meting/{first.token}/pdf/").status_code == 202
    refused = client.get(f"/checklist/meting/{second.token}/pdf/")
    assert refused.status_code == 429
    assert PdfJob.objects.count() == 1


def test_the_render_command_renders_what_waits(monkeypatch):
    monkeypatch.setattr(pdf_jobs, "lower_priority", lambda: None)  # the test process keeps its priority
    with pytest.raises(pdf_jobs.PdfPending):
        pdf_jobs.queued_pdf(HTML)
    out = StringIO()
    call_command("render_pdfs", "--once", stdout=out)
    assert "1 PDF's gemaakt." in out.getvalue()
    assert pdf_jobs.queued_pdf(HTML).startswith(b"%PDF-")


def test_the_render_process_runs_at_nice_19():
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        pdf_jobs.lower_priority()
        os.write(writing, str(os.getpriority(os.PRIO_PROCESS, 0)).encode())
        os._exit(0)
    os.close(writing)
    os.waitpid(child, 0)
    assert int(os.read(reading, 10)) == pdf_jobs.NICENESS == 19
    os.close(reading)


def test_production_never_renders_in_the_request(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "pianoo.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(45),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SQLITE_CREATE": "true",
    }
    code = "from django.conf import settings; print(settings.PDF_RENDER_INLINE)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_one_pass_of_the_render_process_reports_a_database_error_instead_of_retrying(monkeypatch):
    # The long-running process retries a blip; a single pass (a test, a cron run) must end.
    from django.db import OperationalError

    def broken() -> int:
        raise OperationalError("database is locked")

    monkeypatch.setattr(pdf_jobs, "render_next", broken)
    with pytest.raises(OperationalError):
        pdf_jobs.serve(lambda: False, once=True)
