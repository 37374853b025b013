"""The consultation form as a person sends it: their answers, the start token, the post."""

import re
import time
import uuid
from urllib.parse import urlencode

from django.core import signing
from django.test import Client
from django.test.client import MULTIPART_CONTENT

FORM_URL = "/consultation/"

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
    "how_paying": "insurance",
    "insurance_plan": "Blue Shield de México",
    "heard_about": "My therapist, Dr. Ōta",
    "message": "I have tried sertraline and bupropion.\nשלום — thanks 🙏",
    "self_harm_thoughts": "no",
    "consent_to_contact": "on",
    "privacy_acknowledged": "on",
}

# Plain answers for load: the benchmark and the concurrency test send thousands of these, each
# with its own full_name.
PLAIN_ANSWERS = {
    "full_name": "Load Test",
    "email": "load.test@example.org",
    "phone": "+1 (650) 555-0142",
    "contact_method": "email",
    "ok_to_leave_message": "no",
    "best_time": "Weekday mornings",
    "state": "CA",
    "is_adult": "on",
    "help_wanted": ["trd", "anxiety"],
    "antidepressants_tried": "3_or_more",
    "treatment_interest": "iv",
    "sees_clinician": "yes",
    "may_contact_clinician": "no",
    "self_harm_thoughts": "no",
    "consent_to_contact": "on",
    "privacy_acknowledged": "on",
    "website": "",
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


def started_seconds_ago(seconds, submission_id=None):
    """The hidden start token of a form shown `seconds` ago, with a new one-time id unless given."""
    from intake.forms import TIMESTAMP_SALT  # here, so bench/ can import this before setup

    value = {"t": time.time() - seconds, "id": submission_id or uuid.uuid4().hex}
    return signing.dumps(value, salt=TIMESTAMP_SALT)


def hidden_inputs(html):
    """The page's hidden fields (CSRF token, start token) by name, as a browser would send them."""
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'\bname="([^"]+)"', tag)
        value = re.search(r'\bvalue="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields
