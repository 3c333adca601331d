from django.apps import AppConfig


class ChecklistConfig(AppConfig):
    name = "checklist"
    verbose_name = "Checklist"

    def ready(self) -> None:
        from . import signals

        signals.connect()
