"""Apply the national picture's publication rules to every group (schedule daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from checklist import national_store
from checklist.national import MIN_CHANGES, MIN_GROUP, REFRESH_INTERVAL
from checklist.scoring import theme_infos


class Command(BaseCommand):
    help = (
        "Ververs het landelijk beeld: een groep wordt opnieuw gepubliceerd als de vorige publicatie "
        f"ouder is dan {REFRESH_INTERVAL.total_seconds() / 3600:.0f} uur en minstens {MIN_CHANGES} "
        f"reeksen zijn veranderd; groepen onder de {MIN_GROUP} organisaties blijven verborgen."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        published = national_store.publish_all([t.number for t in theme_infos()])
        shown = national_store.visible_count()
        self.stdout.write(
            self.style.SUCCESS(f"{published} groep(en) opnieuw gepubliceerd; {shown} groep(en) zichtbaar.")
        )
