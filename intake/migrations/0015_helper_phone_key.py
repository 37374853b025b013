import re

from django.db import migrations, models


def fill_helper_phone_keys(apps, schema_editor):
    # The same digits phone_digits() keeps: the last ten.
    ConsultationRequest = apps.get_model("intake", "ConsultationRequest")
    batch = []
    with_helper = ConsultationRequest.objects.exclude(helper_phone="").only("pk", "helper_phone")
    for consultation in with_helper.iterator():
        consultation.helper_phone_key = re.sub(r"\D", "", consultation.helper_phone)[-10:]
        batch.append(consultation)
        if len(batch) == 1000:
            ConsultationRequest.objects.bulk_update(batch, ["helper_phone_key"])
            batch = []
    ConsultationRequest.objects.bulk_update(batch, ["helper_phone_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0014_request_self_check_answers"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultationrequest",
            name="helper_phone_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=10),
        ),
        migrations.RunPython(fill_helper_phone_keys, migrations.RunPython.noop),
    ]
