from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def idle_timeout_seconds():
    return settings.STAFF_IDLE_TIMEOUT_SECONDS
