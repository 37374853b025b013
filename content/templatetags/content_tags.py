import json

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from content.models import Page, PracticeDetails

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A schema.org data block. It is JSON, not code, so a strict script-src still holds."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag(takes_context=True)
def launch_checklist(context):
    """What `manage.py launch_check` lists, for staff who look after the site's content."""
    from content.launch import launch_problems

    if not context["request"].user.has_perm("content.change_page"):
        return None
    return launch_problems()


@register.simple_tag(takes_context=True)
def content_attention(context):
    """What staff still have to supply before the site is complete: shown on the admin's index."""
    user = context["request"].user
    items = []
    if user.has_perm("content.change_practicedetails"):
        practice = PracticeDetails.load()
        if practice.missing_fields:
            items.append(
                {
                    "text": "Practice details still missing: " + ", ".join(practice.missing_fields),
                    "url": reverse("admin:content_practicedetails_change", args=[practice.pk]),
                }
            )
    if user.has_perm("content.change_page"):
        changelist = reverse("admin:content_page_changelist")
        no_reviewer = Page.objects.without_reviewer().count()
        if no_reviewer:
            items.append(
                {
                    "text": f"{no_reviewer} medical page(s) with no named reviewer",
                    "url": f"{changelist}?review=no-reviewer",
                }
            )
        overdue = Page.objects.review_due(timezone.localdate()).count()
        if overdue:
            items.append(
                {
                    "text": f"{overdue} page(s) due or overdue for medical review",
                    "url": f"{changelist}?review=overdue",
                }
            )
    return items
