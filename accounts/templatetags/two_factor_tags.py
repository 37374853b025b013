from urllib.parse import quote

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.simple_tag(takes_context=True)
def recovery_codes_file(context, codes):
    """The codes as a .txt file, in a data: address for a download link.

    It works without JavaScript, and the codes need not be kept on the server to be sent again.
    """
    user = context["request"].user
    made = date_format(timezone.localdate(), "DATE_FORMAT")
    lines = [
        f"{context.get('site_header', 'Staff')}: recovery codes for {user.get_username()}",
        f"Made on {made}. Each code signs you in once instead of your passkey or authenticator "
        "app. Making new codes stops these from working.",
        "",
        *codes,
    ]
    return "data:text/plain;charset=utf-8," + quote("\r\n".join(lines) + "\r\n")
