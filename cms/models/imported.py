import hashlib
import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


def fingerprint(values: dict[str, Any]) -> str:
    """A stable hash of the values an import wrote, to notice later edits."""
    payload = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


class Imported(models.Model):
    """Bookkeeping for content that the importer seeds from the source document.

    `source_key` says where in the source an item came from; `import_fingerprint`
    is the hash of what the import last wrote (`import_values()`, which each
    subclass defines). When the current content no
    longer matches it, an editor has changed the item and a re-import leaves it
    alone unless forced.
    """

    source_key = models.CharField(
        _("bronsleutel"),
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Waar dit item in het brondocument staat; leeg voor items van redacteuren."),
    )
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def is_changed_since_import(self) -> bool:
        if not self.import_fingerprint:
            return False
        if getattr(self, "has_unpublished_changes", False) or getattr(self, "live", True) is False:
            return True
        current = self.import_values()  # type: ignore[attr-defined]
        if fingerprint(current) == self.import_fingerprint:
            return False
        legacy = self.legacy_import_values()
        return legacy is None or fingerprint(legacy) != self.import_fingerprint

    def legacy_import_values(self) -> dict[str, Any] | None:
        """The values as imports before normalised comparison fingerprinted them, if they differ."""
        return None

    def mark_imported(self) -> None:
        self.import_fingerprint = fingerprint(self.import_values())  # type: ignore[attr-defined]
