from django.apps import AppConfig


class PianooConfig(AppConfig):
    """The project shell: settings, URLs, middleware and operations commands."""

    name = "pianoo"
    verbose_name = "Project"

    def ready(self) -> None:
        from django.core.signals import request_started
        from django.db.backends.signals import connection_created

        from pianoo import login_throttle
        from pianoo.database import close_stale_connections, remember_file

        login_throttle.connect_signals()
        connection_created.connect(remember_file, dispatch_uid="pianoo-remember-database-file")
        request_started.connect(close_stale_connections, dispatch_uid="pianoo-close-stale-database")
