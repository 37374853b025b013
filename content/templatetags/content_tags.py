import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from content.page_cache import get_site_chrome
from content.policies import POLICIES, policy_sentence

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
def policy(context, key):
    """A practice policy's confirmed sentence, or its neutral one: how a template states how the
    practice works, the way [[policy:key]] does in page text."""
    if key not in POLICIES:
        raise template.TemplateSyntaxError(f"No practice policy is named {key!r}.")
    statements = context.get("policy_statements")
    if statements is None:  # rendered without a request, so without the site chrome
        statements = get_site_chrome()["policy_statements"]
    return policy_sentence(key, statements)


@register.simple_tag(takes_context=True)
def cite(context, words):
    """A reference marker, as page text writes [2](#ref-2), for the page's reference whose
    citation holds these words: fixed wording in a template cites the page's own numbered list,
    whatever order editors keep it in. Nothing if the page no longer lists that source."""
    for reference in context["page"].references.all():
        if words in reference.citation:
            return format_html('<a href="#ref-{0}">{0}</a>', reference.order)
    return ""
