import re
import unicodedata

import django.db.models.deletion
from django.db import migrations, models

# As intake.models and intake.search derive the keys now (copied: a migration must not change
# later).
KEY_MAX_LENGTH = 254


def words(text):
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return [word[:KEY_MAX_LENGTH] for word in re.findall(r"[^\W_]+", plain)]


def email_key(email):
    nfkc = unicodedata.normalize("NFKC", (email or "").strip())
    return unicodedata.normalize("NFKC", nfkc.casefold()).strip()


def phone_digits(phone):
    return re.sub(r"\D", "", phone or "")[-10:]


def search_keys(consultation):
    keys = {
        ("name", word)
        for name in [consultation.full_name, consultation.preferred_name, consultation.helper_name]
        for word in words(name)
    }
    keys |= {
        ("email", email_key(address)[:KEY_MAX_LENGTH])
        for address in [consultation.email, consultation.helper_email]
        if address.strip()
    }
    keys |= {
        ("phone", phone_digits(number)[::-1])
        for number in [consultation.phone, consultation.helper_phone]
        if phone_digits(number)
    }
    return sorted(keys)


def fill_search_keys(apps, schema_editor):
    """Every request kept so far gets the keys a new one gets when it is saved."""
    ConsultationRequest = apps.get_model("intake", "ConsultationRequest")
    SearchKey = apps.get_model("intake", "SearchKey")
    fields = ["full_name", "preferred_name", "helper_name", "email", "helper_email"]
    batch = []
    for consultation in (
        ConsultationRequest.objects.only("pk", "phone", "helper_phone", *fields)
        .order_by("pk")
        .iterator(chunk_size=1000)
    ):
        batch += [
            SearchKey(request_id=consultation.pk, kind=kind, key=key)
            for kind, key in search_keys(consultation)
        ]
        if len(batch) >= 5000:
            SearchKey.objects.bulk_create(batch)
            batch = []
    SearchKey.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0016_payment_questions_and_good_faith_estimate"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("name", "word of a name"),
                            ("email", "email address"),
                            ("phone", "phone number, back to front"),
                        ],
                        max_length=5,
                    ),
                ),
                ("key", models.CharField(max_length=254)),
            ],
            options={
                "ordering": ["request", "kind", "key"],
            },
        ),
        migrations.RemoveField(
            model_name="consultationrequest",
            name="helper_phone_key",
        ),
        migrations.AddField(
            model_name="consultationrequest",
            name="queue_rank",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(is_urgent=True, status="new", then=models.Value(0)),
                    models.When(status="new", then=models.Value(1)),
                    models.When(status__in=["contacted", "scheduled"], then=models.Value(2)),
                    default=models.Value(3),
                    output_field=models.IntegerField(),
                ),
                output_field=models.IntegerField(),
            ),
        ),
        migrations.AddIndex(
            model_name="consultationrequest",
            index=models.Index(
                fields=["queue_rank", "received_at", "id"], name="intake_queue_order_idx"
            ),
        ),
        migrations.AddField(
            model_name="searchkey",
            name="request",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="search_keys",
                to="intake.consultationrequest",
            ),
        ),
        migrations.AddIndex(
            model_name="searchkey",
            index=models.Index(
                fields=["kind", "key"],
                name="intake_search_key_idx",
                opclasses=["varchar_ops", "varchar_pattern_ops"],
            ),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
    ]
