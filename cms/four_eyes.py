"""Four-eyes publishing: a change to a tip, example or reference goes live only after a second editor approves.

Off by default. `manage.py four_eyes on` creates (or reactivates) one Wagtail workflow,
"Vier ogen", with one `SecondEditorApprovalTask`, and assigns it to the three content
snippets; `off` unassigns it. Wagtail lets anyone with publish permission publish
directly even while a workflow is assigned, so while one is, the admin hides "Publiceren"
on these snippets and refuses a publish sent anyway (cms/wagtail_hooks.py): editors
"Dien in ter controle", and approving publishes. The importer publishes the source
directly: the source document is not an editor's change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Workflow, WorkflowContentType, WorkflowTask

from cms.item_kinds import ITEM_KINDS
from cms.models import SecondEditorApprovalTask

WORKFLOW_NAME = "Vier ogen"
TASK_NAME = "Goedkeuring door een tweede redacteur"
DEFAULT_GROUPS = ("Moderators",)
MODELS: tuple[type[Any], ...] = tuple(kind.model for kind in ITEM_KINDS)


def _content_types() -> list[ContentType]:
    return list(ContentType.objects.get_for_models(*MODELS, for_concrete_models=False).values())


@transaction.atomic
def switch_on(group_names: Iterable[str] = DEFAULT_GROUPS) -> Workflow:
    """Assign the four-eyes workflow to the content snippets; approvers are the named groups."""
    groups = list(Group.objects.filter(name__in=list(group_names)))
    missing = set(group_names) - {group.name for group in groups}
    if missing:
        raise ValueError(f"Onbekende groep: {', '.join(sorted(missing))}")
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = SecondEditorApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = SecondEditorApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set(groups)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for content_type in _content_types():
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    return workflow


@transaction.atomic
def switch_off() -> int:
    """Unassign every workflow from the content snippets; return how many were assigned.

    Changes already submitted stay in moderation and can still be approved or cancelled.
    """
    deleted, _ = WorkflowContentType.objects.filter(content_type__in=_content_types()).delete()
    return deleted


def is_on(model: type[Any]) -> bool:
    """Whether changes to `model` need approval (an active workflow is assigned to it)."""
    return model in MODELS and model.get_default_workflow() is not None
