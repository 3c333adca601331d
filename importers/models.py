"""What the importer remembers between runs: the imported items an editor deleted."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeletedImport(models.Model):
    """A tombstone: an imported tip, example or reference that an editor deleted.

    Keyed by the item's source key, so a re-import leaves it deleted (and says so)
    instead of creating and publishing it again; `import_source --force` brings it
    back and removes the tombstone. Written by a post_delete receiver (importers/apps.py).
    """

    source_key = models.CharField(_("bronsleutel"), max_length=120, unique=True)
    kind = models.CharField(_("soort"), max_length=20)
    deleted_at = models.DateTimeField(_("verwijderd op"), auto_now_add=True)

    class Meta:
        ordering = ["source_key"]
        verbose_name = _("verwijderd geïmporteerd item")
        verbose_name_plural = _("verwijderde geïmporteerde items")

    def __str__(self) -> str:
        return self.source_key
