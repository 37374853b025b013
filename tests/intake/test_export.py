"""The CSV export: streamed, every cell quoted, formulas neutralised, a fixed number of queries,
only for staff allowed to export."""

import csv
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from intake.exports import spreadsheet_safe
from intake.models import ConsultationRequest

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/intake/consultationrequest/"


def export(client, pks):
    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": pks})
    assert isinstance(response, StreamingHttpResponse)
    return streamed(response)


def streamed(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_every_cell_is_quoted_so_a_semicolon_cannot_start_a_new_cell(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(full_name="Ana; =1+1", message='She said "hi";\n@SUM(A1)')
    sign_in(client, intake_staff)

    text = export(client, [consultation.pk])
    table = list(csv.reader(io.StringIO(text)))
    quoted = "".join(
        ",".join('"' + cell.replace('"', '""') + '"' for cell in row) + "\r\n" for row in table
    )
    assert text == quoted
    parsed = next(csv.DictReader(io.StringIO(text)))
    # A formula after a separator is neutralised as well as one at the start.
    assert parsed["full name"] == "Ana; '=1+1"
    assert parsed["message"] == 'She said "hi";\n\'@SUM(A1)'
    # A semicolon locale splitting on ";" still finds no cell that starts a formula.
    for cell in text.replace("\r\n", ";").split(";"):
        assert not cell.strip('"').startswith(("=", "+", "@")), cell


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("Alex", "Alex"),
        (None, ""),
        (12, "12"),
        ("=1+1", "'=1+1"),
        ("a,=1", "a,'=1"),
        ("a\t+1", "a\t'+1"),
        ("a|@x", "a|'@x"),
        ("555-0100", "555-0100"),
    ],
)
def test_spreadsheet_safe(value, safe):
    assert spreadsheet_safe(value) == safe


def test_the_export_takes_the_same_queries_for_3_or_300_requests_and_records_each(
    sign_in, client, intake_staff, make_request
):
    sign_in(client, intake_staff)
    first = [make_request().pk for _ in range(3)]
    export(client, first)  # fills per-process caches (content types)

    def queries(pks):
        with CaptureQueriesContext(connection) as captured:
            text = export(client, pks)
        assert len(list(csv.DictReader(io.StringIO(text)))) == len(pks)
        return len(captured)

    few = queries(first)
    many = [make_request().pk for _ in range(300)]
    assert queries(many) == few
    exported = LogEntry.objects.filter(change_message="Exported to CSV")
    assert exported.filter(object_id=str(many[-1])).count() == 1
    assert exported.filter(object_id=str(first[0])).count() == 2
    assert exported.filter(object_id=str(many[-1])).get().object_repr == f"Request #{many[-1]}"
    assert exported.filter(object_id=str(many[-1])).get().user == intake_staff


def test_export_all_across_the_filtered_queue(sign_in, client, intake_staff, make_request):
    wanted = [make_request(state="NY").pk for _ in range(2)]
    make_request(state="CA")
    sign_in(client, intake_staff)

    response = client.post(
        CHANGELIST + "?state__exact=NY",
        {"action": "export_csv", "select_across": "1", "_selected_action": wanted[:1]},
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    numbers = sorted(int(row["number"]) for row in csv.DictReader(io.StringIO(text)))
    assert numbers == sorted(wanted)
    assert ConsultationRequest.objects.count() == 3


def test_an_export_writes_its_history_and_its_access_log_with_one_insert_each(
    sign_in, client, intake_staff, make_request
):
    from accounts.models import AccessEvent

    sign_in(client, intake_staff)
    pks = [make_request().pk for _ in range(5)]
    with CaptureQueriesContext(connection) as captured:
        export(client, pks)
    inserts = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 2
    # Each exported request has its history entry and its access-log line, whoever exported it.
    history = LogEntry.objects.filter(change_message="Exported to CSV", user=intake_staff)
    assert sorted(int(entry.object_id) for entry in history) == pks
    lines = AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORTED, user=intake_staff)
    assert sorted(lines.values_list("request_number", flat=True)) == pks
    assert {(line.username, line.detail) for line in lines} == {("intake", "CSV")}


FORMULA_PAYLOADS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTabbed",
    "\rCarriage",
    "\nNewline",
]


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_export_neutralises_spreadsheet_formulas(
    sign_in, client, intake_staff, make_request, payload
):
    consultation = make_request(full_name=payload, message=payload, best_time="Mornings")
    sign_in(client, intake_staff)

    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [consultation.pk]}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(streamed(response))))
    assert table[0]["full name"] == "'" + payload
    assert table[0]["message"] == "'" + payload
    assert table[0]["best time"] == "Mornings"


def test_export_keeps_names_exactly(sign_in, client, intake_staff, make_request):
    consultation = make_request(full_name="Zoë Ñúñez 山田", help_wanted=["trd", "not_sure"])
    sign_in(client, intake_staff)

    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [consultation.pk]}
    )
    row = next(csv.DictReader(io.StringIO(streamed(response))))
    assert row["full name"] == "Zoë Ñúñez 山田"
    assert "I am not sure" in row["help wanted"]


def test_staff_without_the_export_permission_cannot_export(
    sign_in, client, make_staff, make_request, django_user_model
):
    from django.contrib.auth.models import Permission

    viewer = make_staff("viewer")
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_consultationrequest"])
    )
    consultation = make_request()
    sign_in(client, viewer)

    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [consultation.pk]}
    )
    assert not response.get("Content-Type", "").startswith("text/csv")
