"""The shell's tables: rate-limit events (where no shared cache holds them) and PDF render jobs."""

from django.db import models


class RateLimitHit(models.Model):
    """One counted event (a visitor post, a failed admin login) of one client, for a limit.

    `key` is a keyed hash of the client's address (and username for logins): no
    address is stored. Rows older than their window are deleted as new ones come in
    (pianoo/ratelimit.py); a client over its limit adds no rows.
    """

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="ratelimit_scope_key_at")]
        verbose_name = "rate-limit event"

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M:%S}"


class PdfJob(models.Model):
    """A PDF to be made by the render process (`manage.py render_pdfs`), and then the PDF itself.

    Made by pianoo/pdf_jobs.py when a visitor asks for a PDF that isn't cached; the
    visitor's request stores the finished HTML and the render process turns it into
    the PDF. `key` is a hash of what is rendered, so a repeated or simultaneous request
    for the same PDF finds the same job; no private token is stored in it. The HTML is
    emptied once rendered; every job is deleted at `expires_at` (an hour for a private
    PDF, docs/privacy.md).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "wacht"
        RENDERING = "rendering", "wordt gemaakt"
        DONE = "done", "klaar"
        FAILED = "failed", "mislukt"

    key = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    private = models.BooleanField(default=False)
    html = models.TextField(blank=True)
    base_url = models.CharField(max_length=300, blank=True)
    stylesheets = models.JSONField(default=list)
    pdf = models.BinaryField(null=True)
    message = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="pdfjob_status_created")]
        verbose_name = "PDF render job"

    def __str__(self) -> str:
        return f"PDF {self.pk} {self.status}"
