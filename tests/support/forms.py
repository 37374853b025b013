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


def trial_rows(*trials, rows=None):
    """The antidepressant rows of a referral as the form posts them: each trial a dict of
    questions.TRIAL_KEYS, in `rows` rows (as many as the trials unless given; the rest empty)."""
    total = len(trials) if rows is None else rows
    data = {
        "antidepressant_trials-TOTAL_FORMS": str(total),
        "antidepressant_trials-INITIAL_FORMS": "0",
        "antidepressant_trials-MIN_NUM_FORMS": "0",
        "antidepressant_trials-MAX_NUM_FORMS": "12",
    }
    for index, trial in enumerate(trials):
        data.update({f"antidepressant_trials-{index}-{key}": value for key, value in trial.items()})
    return data


TRIALS = [
    {
        "medicine": "Sertraline",
        "highest_dose": "200 mg a day",
        "weeks": "10",
        "effect": "A little",
        "side_effects": "Nausea",
        "augmentation": "",
    },
    {
        "medicine": "Bupropion XL",
        "highest_dose": "300 mg",
        "weeks": "8",
        "effect": "None",
        "side_effects": "",
        "augmentation": "Added aripiprazole 5 mg, no change",
    },
    {"medicine": "Venlafaxine ER"},
]

# A clinician referring a patient, with every answer a referral asks, three medicine rows and the
# patient to be called first.
REFERRAL_ANSWERS = {
    "submitted_by": "clinician",
    "referrer_name": "Dr. Amara Okafor-Ńwosu",
    "referrer_credential": "MD",
    "referrer_organization": "Bayview Psychiatry",
    "referrer_phone": "(650) 555-0199",
    "referrer_email": "a.okafor@example.org",
    "referrer_npi": "1234567893",
    "referrer_secure_contact": "okafor@direct.bayview.example.org",
    "call_first": "patient",
    "patient_agrees_to_referral": "on",
    "full_name": "Sam Rivera",
    "state": "CA",
    "is_adult": "on",
    "contact_method": "phone",
    "phone": "+1 (650) 555-0142",
    "ok_to_leave_message": "yes",
    "self_harm_thoughts": "no",
    "reason_for_referral": "Major depression, recurrent; this episode 14 months.\nPlease assess.",
    "current_medicines": "Venlafaxine ER 225 mg; lorazepam 0.5 mg as needed",
    "history_psychosis_or_mania": "no",
    "history_substance_use": "not_known",
    "history_heart": "yes",
    "pregnant_or_breastfeeding": "no",
    "how_paying": "insurance",
    "insurance_plan": "Blue Shield PPO",
    "consent_to_contact": "on",
    **trial_rows(*TRIALS, rows=4),
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
