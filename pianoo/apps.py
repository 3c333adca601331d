from django.apps import AppConfig


class PianooConfig(AppConfig):
    """The project shell: settings, URLs, middleware and operations commands; no models."""

    name = "pianoo"
    verbose_name = "Project"

    def ready(self) -> None:
        from pianoo import login_throttle

        login_throttle.connect_signals()
