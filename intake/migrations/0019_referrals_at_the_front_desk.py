import re
import unicodedata

import django.db.models.deletion
from django.conf import settings
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


def referrer_keys(consultation):
    keys = {("name", word) for word in words(consultation.referrer_name)}
    if consultation.referrer_email.strip():
        keys.add(("email", email_key(consultation.referrer_email)[:KEY_MAX_LENGTH]))
    if phone_digits(consultation.referrer_phone):
        keys.add(("phone", phone_digits(consultation.referrer_phone)[::-1]))
    return keys


def add_referrer_keys(apps, schema_editor):
    """Referrals kept so far are found by their referrer too, as a new one is."""
    ConsultationRequest = apps.get_model("intake", "ConsultationRequest")
    SearchKey = apps.get_model("intake", "SearchKey")
    referrals = ConsultationRequest.objects.filter(submitted_by="clinician").only(
        "pk", "referrer_name", "referrer_email", "referrer_phone"
    )
    for consultation in referrals.order_by("pk").iterator(chunk_size=1000):
        kept = set(SearchKey.objects.filter(request_id=consultation.pk).values_list("kind", "key"))
        SearchKey.objects.bulk_create(
            SearchKey(request_id=consultation.pk, kind=kind, key=key)
            for kind, key in sorted(referrer_keys(consultation) - kept)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0018_clinician_referral"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="consultationrequest",
            name="acknowledged_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When staff last printed the acknowledgement of a clinician's referral "
                "for the referrer (each print is in the history).",
                null=True,
                verbose_name="acknowledgement last printed",
            ),
        ),
        migrations.AddField(
            model_name="consultationrequest",
            name="acknowledged_by",
            field=models.ForeignKey(
                blank=True,
                help_text="Who printed it last.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="acknowledgement last printed by",
            ),
        ),
        migrations.AddIndex(
            model_name="consultationrequest",
            index=models.Index(
                condition=models.Q(("submitted_by", "clinician")),
                fields=["queue_rank", "received_at", "id"],
                name="intake_referral_queue_idx",
            ),
        ),
        migrations.RunPython(add_referrer_keys, migrations.RunPython.noop),
    ]
