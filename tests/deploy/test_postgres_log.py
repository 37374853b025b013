"""PostgreSQL never receives patient answers in statement text, so its log of a failed statement
holds none. Runs on the throwaway cluster .ci/run starts, which names its log in PG_SERVER_LOG."""

import os
import uuid
from pathlib import Path

import pytest
from django.db import DataError, connection, transaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def server_log():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: run with DATABASE_URL=postgres://… (as .ci/run does)")
    path = os.environ.get("PG_SERVER_LOG")
    if not path or not Path(path).is_file():
        pytest.skip("PG_SERVER_LOG does not name the server's log file")
    return Path(path)


def test_a_failed_insert_leaves_no_patient_answers_in_the_server_log(server_log, make_request):
    marker = uuid.uuid4().hex[:10]
    answers = {
        "full_name": f"Marlowe Quill {marker}",
        "email": f"quill.{marker}@example.org",
        "phone": f"650-555-{marker[:4]}",
        "message": f"Private words {marker} about my depression",
        "best_time": f"Evenings {marker}",
        "self_harm_thoughts": "yes",
    }
    log_before = server_log.stat().st_size

    # A value the column cannot hold: PostgreSQL refuses the insert and logs the statement.
    with pytest.raises(DataError), transaction.atomic():
        make_request(state="CALIFORNIA", **answers)

    with server_log.open("rb") as log:
        log.seek(log_before)
        written = log.read().decode("utf-8", "replace")
    assert "value too long" in written
    assert 'INSERT INTO "intake_consultationrequest"' in written
    for value in answers.values():
        if value != "yes":
            assert value not in written
    assert marker not in written
