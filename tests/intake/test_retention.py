"""The retention command: dry run by default, --yes deletes closed requests past the limit."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from intake.models import ConsultationRequest, FollowUpNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_requests(make_request):
    long_ago = timezone.now() - timedelta(days=400)
    old_closed = make_request(status="closed", closed_at=long_ago)
    old_not_fit = make_request(status="not_a_fit", closed_at=long_ago)
    FollowUpNote.objects.create(request=old_closed, text="Called back.")
    recent_closed = make_request(status="closed", closed_at=timezone.now() - timedelta(days=3))
    old_open = make_request(status="contacted", received_at=long_ago)
    return {
        "expired": {old_closed.pk, old_not_fit.pk},
        "kept": {recent_closed.pk, old_open.pk},
    }


def run(*args):
    out = StringIO()
    call_command("purge_closed_requests", *args, stdout=out)
    return out.getvalue()


def test_the_default_is_a_dry_run_that_counts(mixed_requests):
    output = run("--days", "365")

    assert "Dry run: would delete 2 closed request(s) and 1 note(s)" in output
    assert ConsultationRequest.objects.count() == 4


def test_yes_deletes_only_requests_closed_longer_ago_than_the_limit(mixed_requests):
    output = run("--days", "365", "--yes")

    assert "Deleted 2 closed request(s) and 1 note(s)" in output
    remaining = set(ConsultationRequest.objects.values_list("pk", flat=True))
    assert remaining == mixed_requests["kept"]
    assert not FollowUpNote.objects.exists()


def test_the_default_days_come_from_settings(mixed_requests, settings):
    # call_command builds the command's options anew each time, so no --days means the setting.
    settings.INTAKE_RETENTION_DAYS = 1
    assert "would delete 3 closed request(s)" in run()

    settings.INTAKE_RETENTION_DAYS = 500
    assert "would delete 0 closed request(s)" in run()
    run("--yes")
    assert ConsultationRequest.objects.count() == 4


def test_nonsense_days_are_refused(mixed_requests):
    with pytest.raises(CommandError):
        run("--days", "0", "--yes")
    assert ConsultationRequest.objects.count() == 4


def test_requests_are_deleted_in_batches_never_all_loaded_at_once(
    mixed_requests, make_request, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    long_ago = timezone.now() - timedelta(days=400)
    for _ in range(5):
        make_request(status="closed", closed_at=long_ago)
    monkeypatch.setattr("intake.management.commands.purge_closed_requests.BATCH_SIZE", 2)

    with CaptureQueriesContext(connection) as captured:
        output = run("--days", "365", "--yes")

    assert "Deleted 7 closed request(s) and 1 note(s)" in output
    assert set(ConsultationRequest.objects.values_list("pk", flat=True)) == mixed_requests["kept"]
    deletes = [q["sql"] for q in captured if q["sql"].startswith('DELETE FROM "intake_consult')]
    assert len(deletes) == 4  # 2 + 2 + 2 + 1
    # Every request it reads, it reads two at a time.
    reads = [q["sql"] for q in captured if q["sql"].startswith("SELECT")]
    assert all("LIMIT 2" in sql or "COUNT(" in sql or "IN (" in sql for sql in reads), reads


def test_possible_spam_nobody_moved_is_deleted_after_its_own_number_of_days(make_request, settings):
    settings.INTAKE_SPAM_RETENTION_DAYS = 30
    now = timezone.now()
    old_spam = make_request(possible_spam=True, spam_reason="too_fast")
    old_spam.received_at = now - timedelta(days=31)
    old_spam.save()
    recent_spam = make_request(
        possible_spam=True, spam_reason="hidden_box", received_at=now - timedelta(days=29)
    )
    # Moved to the queue by staff: a request like any other, kept while it is open.
    moved = make_request(spam_reason="too_fast", received_at=now - timedelta(days=31))

    output = run("--spam-days", str(settings.INTAKE_SPAM_RETENTION_DAYS))
    assert "1 possible spam request(s) received before" in output
    assert ConsultationRequest.objects.count() == 3  # a dry run deletes nothing

    run("--spam-days", str(settings.INTAKE_SPAM_RETENTION_DAYS), "--yes")
    remaining = set(ConsultationRequest.objects.values_list("pk", flat=True))
    assert remaining == {recent_spam.pk, moved.pk}


def test_the_spam_days_default_comes_from_the_setting_read_from_the_environment():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_DEBUG": "true", "INTAKE_SPAM_RETENTION_DAYS": "12"}
    result = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", "purge_closed_requests", "--help"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "INTAKE_SPAM_RETENTION_DAYS, 12" in " ".join(result.stdout.split())


def test_the_daily_run_refreshes_sqlites_planner_statistics(mixed_requests):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's autovacuum keeps its own statistics")

    run("--days", "365", "--yes")

    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl, idx FROM sqlite_stat1 WHERE tbl LIKE 'intake_%'")
        analyzed = set(cursor.fetchall())
    # What the queue and its search use: the order of the queue, the search keys.
    assert ("intake_consultationrequest", "intake_queue_order_idx") in analyzed
    assert ("intake_searchkey", "intake_search_key_idx") in analyzed
