"""The content version: one counter that every content change bumps (see cms/cache.py and cms/signals.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """A single counter, bumped on every content change, that versions the caches."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("inhoudsversie")

    def __str__(self) -> str:
        return str(self.version)
