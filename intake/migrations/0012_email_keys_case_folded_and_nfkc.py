import unicodedata

from django.db import migrations


def email_key(email):
    # As intake.models.email_key computes it now (copied: a migration must not change later).
    nfkc = unicodedata.normalize("NFKC", (email or "").strip())
    return unicodedata.normalize("NFKC", nfkc.casefold()).strip()


def refill_email_keys(apps, schema_editor):
    """Keys were lower-cased only; an address with other characters gets its new key, so the
    same person's requests keep being found together. ASCII addresses are unchanged."""
    ConsultationRequest = apps.get_model("intake", "ConsultationRequest")
    batch = []
    for consultation in (
        ConsultationRequest.objects.exclude(email="").only("pk", "email").iterator()
    ):
        key = email_key(consultation.email)
        if consultation.email.isascii() or len(key) > 254:
            continue
        consultation.email_key = key
        batch.append(consultation)
        if len(batch) == 1000:
            ConsultationRequest.objects.bulk_update(batch, ["email_key"])
            batch = []
    ConsultationRequest.objects.bulk_update(batch, ["email_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0011_possible_spam_kept_out_of_the_queue"),
    ]

    operations = [migrations.RunPython(refill_email_keys, migrations.RunPython.noop)]
