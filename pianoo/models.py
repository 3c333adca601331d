"""The shell's one table: rate-limit events, where no shared cache holds them."""

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
