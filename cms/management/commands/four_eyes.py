"""Switch four-eyes publishing of tips, examples and references on or off (cms/four_eyes.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cms import four_eyes


class Command(BaseCommand):
    help = (
        "Vier ogen: 'on' laat wijzigingen in tips, voorbeelden en referenties pas live gaan na "
        "goedkeuring door een tweede redacteur; 'off' zet dat uit; 'status' zegt hoe het staat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("state", choices=["on", "off", "status"])
        parser.add_argument(
            "--group",
            action="append",
            dest="groups",
            help="Groep die mag goedkeuren (herhaalbaar; standaard Moderators).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        state: str = options["state"]
        if state == "on":
            groups = options["groups"] or list(four_eyes.DEFAULT_GROUPS)
            try:
                four_eyes.switch_on(groups)
            except ValueError as error:
                raise CommandError(f"{error}. Maak de groep eerst aan in Instellingen → Groepen.") from error
            self.stdout.write(
                self.style.SUCCESS(
                    f"Vier ogen staat aan: goedkeuren door {', '.join(groups)}, niet door de indiener."
                )
            )
        elif state == "off":
            four_eyes.switch_off()
            self.stdout.write(self.style.SUCCESS("Vier ogen staat uit: redacteuren publiceren zelf."))
        for model in four_eyes.MODELS:
            on = "aan" if four_eyes.is_on(model) else "uit"
            self.stdout.write(f"  {model._meta.verbose_name_plural}: vier ogen {on}")
