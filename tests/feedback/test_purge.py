"""`manage.py purge_feedback`: retention by months, the setting, --months and --dry-run."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from feedback.management.commands.purge_feedback import months_before
from feedback.models import Feedback


def feedback_aged(days: int) -> Feedback:
    return Feedback.objects.create(
        kind="general", comment=f"{days} dagen", created_at=timezone.now() - timedelta(days=days)
    )


@pytest.fixture
def ages(db):
    return {days: feedback_aged(days) for days in (1, 200, 800)}


def remaining() -> list[str]:
    return sorted(Feedback.objects.values_list("comment", flat=True))


def test_the_default_keeps_24_months(ages):
    out = StringIO()
    call_command("purge_feedback", stdout=out)
    assert remaining() == ["1 dagen", "200 dagen"]
    assert "1 feedback ouder dan 24 maanden" in out.getvalue()


def test_the_setting_changes_the_period(ages, settings):
    settings.FEEDBACK_RETENTION_MONTHS = 3
    call_command("purge_feedback", stdout=StringIO())
    assert remaining() == ["1 dagen"]


def test_the_months_option_overrides_the_setting(ages, settings):
    settings.FEEDBACK_RETENTION_MONTHS = 3
    call_command("purge_feedback", "--months", "36", stdout=StringIO())
    assert len(remaining()) == 3


def test_a_dry_run_counts_and_deletes_nothing(ages):
    out = StringIO()
    call_command("purge_feedback", "--months", "1", "--dry-run", stdout=out)
    assert len(remaining()) == 3
    assert "Proefdraai: 2 feedback" in out.getvalue()


@pytest.mark.parametrize("months", ["0", "-5"])
def test_a_period_below_one_month_is_refused(db, months):
    with pytest.raises(CommandError, match="minstens 1 maand"):
        call_command("purge_feedback", "--months", months, stdout=StringIO())


def test_months_are_calendar_months_clamped_to_the_month_end():
    tz = ZoneInfo("Europe/Amsterdam")
    assert months_before(datetime(2026, 3, 31, 12, tzinfo=tz), 1) == datetime(2026, 2, 28, 12, tzinfo=tz)
    assert months_before(datetime(2026, 1, 15, tzinfo=tz), 24) == datetime(2024, 1, 15, tzinfo=tz)
    assert months_before(datetime(2026, 1, 15, tzinfo=tz), 1) == datetime(2025, 12, 15, tzinfo=tz)
