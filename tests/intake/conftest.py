import time
import uuid
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.test import Client
from django.test.client import MULTIPART_CONTENT

from intake.forms import TIMESTAMP_SALT

# Every answer a person might give, with characters from several scripts.
PATIENT_ANSWERS = {
    "full_name": "Zoë Ñúñez-O'Brien 山田",
    "preferred_name": "Zo",
    "email": "zoe.nunez@example.org",
    "phone": "+1 (650) 555-0142",
    "contact_method": "phone",
    "ok_to_leave_message": "no",
    "best_time": "Weekday mornings, before 10 — not Fridays",
    "state": "CA",
    "is_adult": "on",
    "help_wanted": ["trd", "anxiety"],
    "antidepressants_tried": "3_or_more",
    "treatment_interest": "spravato",
    "sees_clinician": "yes",
    "may_contact_clinician": "yes",
    "insurance": "Blue Shield de México",
    "heard_about": "My therapist, Dr. Ōta",
    "message": "I have tried sertraline and bupropion.\nשלום — thanks 🙏",
    "self_harm_thoughts": "no",
    "consent_to_contact": "on",
    "privacy_acknowledged": "on",
}


class FormClient(Client):
    """Posts a dict as a browser posts this form: application/x-www-form-urlencoded.

    Django's test client sends multipart by default, which the consultation form refuses (it has
    no file field; see intake.middleware).
    """

    def post(self, path, data=None, content_type=None, **extra):
        if content_type is None and isinstance(data, dict):
            data = urlencode(data, doseq=True)
            content_type = "application/x-www-form-urlencoded"
        return super().post(path, data, content_type or MULTIPART_CONTENT, **extra)


@pytest.fixture
def client():
    return FormClient()


def started_seconds_ago(seconds, submission_id=None):
    """The hidden start token of a form shown `seconds` ago, with a new one-time id unless given."""
    value = {"t": time.time() - seconds, "id": submission_id or uuid.uuid4().hex}
    return signing.dumps(value, salt=TIMESTAMP_SALT)


@pytest.fixture
def make_answers():
    """A complete, valid form post, with any answers replaced."""

    def make(**changes):
        data = {**PATIENT_ANSWERS, "website": "", "started": started_seconds_ago(60)}
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}

    return make


@pytest.fixture
def make_request(db):
    from intake.models import ConsultationRequest

    def make(**fields):
        values = {
            "full_name": "Alex Rivera",
            "email": "alex@example.org",
            "phone": "650-555-0100",
            "contact_method": "email",
            "ok_to_leave_message": "yes",
            "best_time": "Afternoons",
            "state": "CA",
            "is_adult": True,
            "help_wanted": ["trd"],
            "antidepressants_tried": "2",
            "treatment_interest": "iv",
            "sees_clinician": "no",
            "self_harm_thoughts": "no",
            "consent_to_contact": True,
            "privacy_acknowledged": True,
        }
        values.update(fields)
        return ConsultationRequest.objects.create(**values)

    return make


def staff_group(name):
    """The group its app creates after every migrate (and after a test flushes the tables)."""
    from django.contrib.auth.models import Group

    return Group.objects.get(name=name)


@pytest.fixture
def intake_staff(make_staff):
    return make_staff("intake", groups=[staff_group("Intake staff")])


@pytest.fixture
def content_editor(make_staff):
    return make_staff("editor", groups=[staff_group("Content editors")])
