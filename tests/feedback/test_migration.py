"""The move of Feedback from cms to feedback keeps the rows, and the permissions editors hold."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import ProjectState

# The last migrations before the move: Feedback in cms, table cms_feedback.
BEFORE_THE_MOVE = [("cms", "0003_feedback"), ("feedback", None)]


def _migrate(targets: list[tuple[str, str | None]]) -> ProjectState:
    """Migrate the test database to `targets`; the project state there."""
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets)
    executor.loader.build_graph()  # the applied migrations changed
    return state


def _leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_moving_feedback_to_its_app_keeps_rows_and_permissions():
    leaves = _leaves()
    try:
        old = _migrate(BEFORE_THE_MOVE).apps
        assert "cms_feedback" in connection.introspection.table_names()
        ContentType = old.get_model("contenttypes", "ContentType")
        Permission = old.get_model("auth", "Permission")
        Group = old.get_model("auth", "Group")
        tip_type, _ = ContentType.objects.get_or_create(app_label="cms", model="tip")
        feedback_type, _ = ContentType.objects.get_or_create(app_label="cms", model="feedback")
        change, _ = Permission.objects.get_or_create(
            content_type=feedback_type, codename="change_feedback", defaults={"name": "Can change feedback"}
        )
        editors = Group.objects.create(name="Feedbacklezers")
        editors.permissions.add(change)
        old_row = old.get_model("cms", "Feedback").objects.create(
            kind="tip",
            content_type=tip_type,
            object_id=12,
            item_label="Betrek de gebruikers",
            tool="wegwijzer",
            activity="S",
            cell="S32",
            page="/wegwijzer/advies/",
            context="q1=2&q3=1",
            helpful=False,
            comment="Ik miste een voorbeeld.",
            channel="api",
            handled=True,
            handled_note="Voorbeeld toegevoegd.",
        )
    finally:
        _migrate(leaves)

    from django.contrib.auth.models import Group as CurrentGroup

    from feedback.models import Feedback

    tables = connection.introspection.table_names()
    assert "feedback_feedback" in tables and "cms_feedback" not in tables
    row = Feedback.objects.get(pk=old_row.pk)
    assert (row.kind, row.object_id, row.content_type.model, row.content_type.app_label) == (
        "tip",
        12,
        "tip",
        "cms",
    )
    assert (row.item_label, row.tool, row.activity, row.cell, row.page, row.context) == (
        old_row.item_label,
        old_row.tool,
        old_row.activity,
        old_row.cell,
        old_row.page,
        old_row.context,
    )
    assert (row.helpful, row.comment, row.channel, row.handled, row.handled_note) == (
        False,
        old_row.comment,
        "api",
        True,
        old_row.handled_note,
    )
    assert row.created_at == old_row.created_at
    # The group keeps its permission, now on the feedback app's model.
    group = CurrentGroup.objects.get(name="Feedbacklezers")
    assert [(p.content_type.app_label, p.codename) for p in group.permissions.all()] == [
        ("feedback", "change_feedback")
    ]
    assert group.permissions.get().content_type.model_class() is Feedback
    # New rows go into the renamed table, after the old ones.
    assert Feedback.objects.create(kind="general", comment="Fijn.").pk > old_row.pk
