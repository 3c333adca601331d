"""Body limits hold for multipart file parts: refused by their Content-Length, nothing spooled."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PUBLIC_POSTS = [
    "/feedback/",
    "/feedback/opmerking/",
    "/checklist/resultaat/",
    "/admin/login/",
    "/api/feedback/",
    "/api/checklist/results/",
    "/wegwijzer/advies/",
]


@pytest.fixture
def spool_dir(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path


def refused(response) -> bool:
    return response.status_code == 400 and "te groot" in response.content.decode()


def big_file(size: int = 1024 * 1024) -> SimpleUploadedFile:
    return SimpleUploadedFile("groot.bin", b"\0" * size, content_type="application/octet-stream")


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_POSTS)
def test_a_large_file_part_is_refused_unread_with_a_dutch_400(client, spool_dir, url):
    response = client.post(url, {"kind": "general", "comment": "x", "bestand": big_file()})
    assert refused(response)
    assert list(spool_dir.iterdir()) == []


@pytest.mark.django_db
def test_the_api_answers_json(client, spool_dir):
    response = client.post("/api/feedback/", {"bestand": big_file()})
    assert response.status_code == 400
    assert "te groot" in response.json()["error"]["message"]


@pytest.mark.django_db
def test_a_file_part_is_not_read_at_all(client, spool_dir, monkeypatch):
    """The refusal comes before Django's multipart parser is even started."""
    from django.http import multipartparser

    def fail(*args, **kwargs):
        raise AssertionError("the multipart body was parsed")

    monkeypatch.setattr(multipartparser.MultiPartParser, "parse", fail)
    assert refused(client.post("/feedback/", {"bestand": big_file()}))


@pytest.mark.django_db
def test_a_small_multipart_post_stays_in_memory(client, spool_dir):
    response = client.post("/api/feedback/", {"kind": "general", "comment": "Goed", "f": big_file(10_000)})
    assert not refused(response)
    assert list(spool_dir.iterdir()) == []


@pytest.mark.django_db
def test_a_signed_in_editor_may_upload_in_the_admin(admin_client, spool_dir, settings):
    response = admin_client.post("/admin/documents/multiple/add/", {"files[]": big_file(200_000)})
    assert not refused(response)
    settings.ADMIN_UPLOAD_MAX_BYTES = 100_000
    assert refused(admin_client.post("/admin/documents/multiple/add/", {"files[]": big_file()}))


@pytest.mark.django_db
def test_anonymous_admin_posts_get_the_public_limit(client, spool_dir):
    assert refused(client.post("/admin/documents/multiple/add/", {"files[]": big_file()}))
    assert list(spool_dir.iterdir()) == []
