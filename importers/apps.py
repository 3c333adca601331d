from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete


class ImportersConfig(AppConfig):
    name = "importers"
    verbose_name = "Import brondocument"

    def ready(self) -> None:
        from cms.item_kinds import ITEM_KINDS

        for kind in ITEM_KINDS:
            post_delete.connect(
                remember_deletion,
                sender=kind.model,
                dispatch_uid=f"importers-tombstone-{kind.model._meta.model_name}",
            )


def remember_deletion(sender: Any, instance: Any, **kwargs: object) -> None:
    """An editor deleted an imported item: keep it deleted on the next import."""
    from importers.models import DeletedImport

    if instance.source_key:
        DeletedImport.objects.get_or_create(
            source_key=instance.source_key, defaults={"kind": sender._meta.model_name}
        )
