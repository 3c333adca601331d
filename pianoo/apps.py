from django.apps import AppConfig


class PianooConfig(AppConfig):
    """The project shell: settings, URLs, middleware and operations commands; no models."""

    name = "pianoo"
    verbose_name = "Project"
