"""What stands between this database and a responsible launch: shown by `manage.py launch_check`
and on the admin's front page."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .models import FEES_NEUTRAL, Fee, Page, PracticeDetails, PracticePolicy
from .notices import notice_problems
from .policies import POLICIES


@dataclass
class Missing:
    text: str
    admin_url: str = ""


def launch_problems(today=None):
    today = today or timezone.localdate()
    problems = []
    practice = PracticeDetails.load()
    if practice.missing_fields:
        problems.append(
            Missing(
                "Practice details missing: " + ", ".join(practice.missing_fields),
                reverse("admin:content_practicedetails_change", args=[practice.pk]),
            )
        )
    pages = reverse("admin:content_page_changelist")
    unreviewed = list(Page.objects.without_reviewer().values_list("title", flat=True))
    if unreviewed:
        problems.append(
            Missing(
                f"{len(unreviewed)} medical page(s) not reviewed by a named clinician: "
                + ", ".join(unreviewed),
                f"{pages}?review=no-reviewer",
            )
        )
    overdue = list(Page.objects.review_due(today).values_list("title", flat=True))
    if overdue:
        problems.append(
            Missing(
                f"{len(overdue)} medical page(s) due or overdue for review: " + ", ".join(overdue),
                f"{pages}?review=overdue",
            )
        )
    confirmed = {p.key for p in PracticePolicy.objects.all() if p.is_confirmed}
    for about_payment, noun, confirmer in [
        (False, "practice policy(ies)", "a clinician"),
        (True, "payment term(s)", "the person responsible for billing"),
    ]:
        unconfirmed = [
            policy.label
            for key, policy in POLICIES.items()
            if policy.about_payment == about_payment and key not in confirmed
        ]
        if unconfirmed:
            problems.append(
                Missing(
                    f"{len(unconfirmed)} {noun} not confirmed by {confirmer} (pages show neutral "
                    "wording): " + ", ".join(unconfirmed),
                    reverse("admin:content_practicepolicy_changelist"),
                )
            )
    problems += [Missing(text, admin_url) for text, admin_url in notice_problems(today)]
    if not Fee.objects.confirmed().exists():
        problems.append(
            Missing(
                "No fee confirmed by the person responsible for billing: the Costs and insurance "
                f"page says only “{FEES_NEUTRAL}”",
                reverse("admin:content_fee_changelist"),
            )
        )
    if not settings.INTAKE_NOTIFY_EMAILS:
        problems.append(
            Missing(
                "No staff email address is told about new consultation requests: set "
                "INTAKE_NOTIFY_EMAILS."
            )
        )
    if not staff_who_can_read_requests().exists():
        problems.append(
            Missing(
                "No active staff account can read consultation requests: add a user to the "
                "Intake staff group.",
                reverse("admin:auth_user_changelist"),
            )
        )
    return problems


def staff_who_can_read_requests():
    can_read = "view_consultationrequest"
    return get_user_model().objects.filter(
        Q(is_superuser=True)
        | Q(groups__permissions__codename=can_read)
        | Q(user_permissions__codename=can_read),
        is_active=True,
        is_staff=True,
    )
