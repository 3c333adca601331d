from django.apps import AppConfig


class ChecklistConfig(AppConfig):
    name = "checklist"
    verbose_name = "Checklist"

    def ready(self) -> None:
        from . import plan_views, routing, signals, views
        from .views import exports

        signals.connect()
        # The page's routes serve these modules' views by name (checklist/routing.py).
        routing.register(views=views, plan_views=plan_views, exports=exports)
