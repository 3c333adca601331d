"""Runs of the link check, so that editors see progress and no two checks run at once."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LinkCheckRun(models.Model):
    """One run of the link check (started from the admin or by `manage.py check_links`).

    At most one run is `running` at a time: a partial unique index enforces it in the
    database, so two editors (or an editor and the scheduled command) pressing at the
    same moment on different servers cannot start two checks.
    """

    class State(models.TextChoices):
        RUNNING = "running", _("bezig")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")
        ABANDONED = "abandoned", _("afgebroken")

    state = models.CharField(_("toestand"), max_length=10, choices=State.choices, default=State.RUNNING)
    started_at = models.DateTimeField(_("gestart"), default=timezone.now)
    heartbeat_at = models.DateTimeField(_("laatste teken van leven"), default=timezone.now)
    finished_at = models.DateTimeField(_("klaar om"), null=True, blank=True)
    total = models.PositiveIntegerField(_("aantal links"), default=0)
    checked = models.PositiveIntegerField(_("gecontroleerd"), default=0)
    broken = models.PositiveIntegerField(_("kapot"), default=0)
    redirected = models.PositiveIntegerField(_("doorverwezen"), default=0)
    suspect = models.PositiveIntegerField(_("verdacht"), default=0)
    error = models.CharField(_("fout"), max_length=255, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("linkcontrole")
        verbose_name_plural = _("linkcontroles")
        constraints = [
            models.UniqueConstraint(
                fields=["state"], condition=Q(state="running"), name="cms_one_running_link_check"
            )
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.get_state_display()})"

    @property
    def is_running(self) -> bool:
        return self.state == self.State.RUNNING
