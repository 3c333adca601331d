from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Inhoud"

    def ready(self) -> None:
        from cms import signals

        signals.connect()
