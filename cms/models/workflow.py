"""The approval step of four-eyes publishing (cms/four_eyes.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState


class SecondEditorApprovalTask(AbstractGroupApprovalTask):
    """Approval by a member of the chosen groups who is not the editor who submitted the change.

    Wagtail's group approval lets a moderator approve their own submission; four eyes
    means someone else must.
    """

    def _submitted_by(self, obj: Any, user: Any) -> bool:
        state = getattr(obj, "current_workflow_state", None)
        return state is not None and state.requested_by_id == user.pk

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, str, bool]]:
        if self._submitted_by(obj, user):
            return []
        return [
            ("reject", str(_("Wijzigingen vragen")), True),
            ("approve", str(_("Goedkeuren")), False),  # Wagtail adds "en publiceren"
            ("approve", str(_("Goedkeuren met opmerking")), True),
        ]

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any) -> QuerySet[TaskState]:
        states: QuerySet[TaskState] = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls) -> str:
        return str(_("Een lid van de gekozen groepen, niet de indiener, keurt goed"))

    class Meta:
        verbose_name = _("goedkeuring door een tweede redacteur")
        verbose_name_plural = _("goedkeuringen door een tweede redacteur")
