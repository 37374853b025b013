"""The legal notices a practice's website must post, and which of them this practice needs.

The notices are the practice's own documents (`LegalNotice`): staff enter them and the site shows
them as entered. Whether each one is required follows from the practice's answers in
`NoticeDuties` (facts file §13); `launch_check` lists every unanswered question and every required
notice that is missing, each with the law that asks for it in one plain line.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from .models import LegalNotice, NoticeDuties, NoticeKind, Page

COSTS_SLUG = "costs-and-insurance"


@dataclass(frozen=True)
class Duty:
    answer: str  # the NoticeDuties field whose "yes" requires the notice
    law: str


DUTIES = {
    NoticeKind.PRIVACY_PRACTICES: Duty(
        "is_covered_entity",
        "HIPAA asks a covered entity to post its Notice of Privacy Practices on its website, "
        "linked from the home page (45 CFR 164.520(c)(3)(i)).",
    ),
    NoticeKind.NONDISCRIMINATION: Duty(
        "paid_by_medicare_or_medicaid",
        "Section 1557 asks a provider paid by Medicare Part B or Medicaid to post a notice of "
        "nondiscrimination on its website.",
    ),
    NoticeKind.LANGUAGE_ASSISTANCE: Duty(
        "paid_by_medicare_or_medicaid",
        "Section 1557 asks a provider paid by Medicare Part B or Medicaid to post a notice of "
        "language assistance on its website, with taglines in the languages most spoken in its "
        "state(s).",
    ),
}

GOOD_FAITH_ESTIMATE_LAW = (
    "The No Surprises Act asks a provider who sees uninsured or self-pay people to show the Good "
    "Faith Estimate notice on its website."
)


def notice_links(on_date=None):
    """[(label, address)] of the notices in effect, for every page's footer."""
    current = LegalNotice.objects.current(on_date)
    return [(kind.label, reverse(f"content:{kind}")) for kind in NoticeKind if kind in current]


def questions_to_answer(duties):
    """The NoticeDuties questions still unanswered (those that matter given the answers so far)."""
    fields = ["is_covered_entity", "paid_by_medicare_or_medicaid", "sees_uninsured_or_self_pay"]
    if duties.paid_by_medicare_or_medicaid:
        fields += ["has_15_or_more_employees", "tagline_languages"]
    return [
        NoticeDuties._meta.get_field(name).verbose_name
        for name in fields
        if getattr(duties, name) is None
    ]


def notice_problems(today=None):
    """[(text, admin address)] for launch_check: what the law asks of this practice's website
    that is not there yet."""
    today = today or timezone.localdate()
    duties = NoticeDuties.load()
    answer_them = reverse("admin:content_noticeduties_change", args=[duties.pk])
    problems = [
        (
            f"Which notices the law asks of us: not yet answered, "
            f"“{question[0].upper()}{question[1:]}”",
            answer_them,
        )
        for question in questions_to_answer(duties)
    ]
    if not duties.answered_by_name:
        problems.append(
            (
                "Which notices the law asks of us: nobody at the practice has confirmed the answers.",
                answer_them,
            )
        )
    current = LegalNotice.objects.current(today)
    add_notice = reverse("admin:content_legalnotice_add")
    for kind, duty in DUTIES.items():
        if getattr(duties, duty.answer) and kind not in current:
            problems.append((f"{kind.label} not entered. {duty.law}", f"{add_notice}?kind={kind}"))
    language = current.get(NoticeKind.LANGUAGE_ASSISTANCE)
    wanted = duties.tagline_languages or 0
    if duties.paid_by_medicare_or_medicaid and language and language.taglines.count() < wanted:
        problems.append(
            (
                f"The language assistance notice has {language.taglines.count()} tagline(s); the "
                f"practice confirmed {wanted} languages for its state(s). "
                f"{DUTIES[NoticeKind.LANGUAGE_ASSISTANCE].law}",
                reverse("admin:content_legalnotice_change", args=[language.pk]),
            )
        )
    if (
        duties.sees_uninsured_or_self_pay
        and not Page.objects.published().filter(slug=COSTS_SLUG).exists()
    ):
        problems.append(
            (
                f"The Costs and insurance page, which holds the Good Faith Estimate notice, is not "
                f"published. {GOOD_FAITH_ESTIMATE_LAW}",
                reverse("admin:content_page_changelist") + f"?q={COSTS_SLUG}",
            )
        )
    return problems
