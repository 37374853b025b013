"""The questions of a consultation request, in order, in the sections the form shows them.

The one place their order is written. The model's PATIENT_FIELDS, the public form's fields, its
layout and the order of its error summary, and the staff page's read-only answers and fieldsets
all follow it: a question moved here moves everywhere.
"""

from typing import NamedTuple


class Section(NamedTuple):
    name: str  # how the form's layout refers to it
    staff_title: str  # its heading on the staff request page (the form words its own)
    fields: list[str]


SECTIONS = [
    Section(
        "sender",
        "Who sent it",
        [
            "submitted_by",
            "helper_name",
            "helper_relationship",
            "helper_email",
            "helper_phone",
            "person_agrees_to_contact",
        ],
    ),
    Section(
        "person",
        "Who it is for (as they sent it)",
        ["full_name", "preferred_name", "state", "is_adult"],
    ),
    Section(
        "contact",
        "How to reach them (as they sent it)",
        ["contact_method", "email", "phone", "ok_to_leave_message", "best_time"],
    ),
    # Before the optional questions, so nobody has to get through those to be asked.
    Section("safety", "Their safety (as they sent it)", ["self_harm_thoughts"]),
    Section(
        "more",
        "What they asked about (as they sent it)",
        [
            "help_wanted",
            "antidepressants_tried",
            "treatment_interest",
            "sees_clinician",
            "may_contact_clinician",
            "insurance",
            "heard_about",
            "message",
        ],
    ),
    Section("consent", "Consent", ["consent_to_contact", "privacy_acknowledged"]),
]

QUESTIONS = [name for section in SECTIONS for name in section.fields]

# Recorded from another answer, not asked: the one consent box also says the privacy notice was
# read.
NOT_ASKED = {"privacy_acknowledged"}
FORM_QUESTIONS = [name for name in QUESTIONS if name not in NOT_ASKED]

# The helper's own questions: asked only when someone sends the request for another person.
SENDER = next(section for section in SECTIONS if section.name == "sender")
HELPER_QUESTIONS = [name for name in SENDER.fields if name != "submitted_by"]
