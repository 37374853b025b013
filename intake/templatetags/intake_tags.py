from django import template

from intake.dashboard import front_desk

register = template.Library()


@register.simple_tag(takes_context=True)
def front_desk_dashboard(context):
    """The front desk figures for staff who may see requests; None for everyone else."""
    user = context["request"].user
    if not user.has_perm("intake.view_consultationrequest"):
        return None
    return front_desk(user)


@register.filter
def tel_href(phone):
    """A phone number as typed, as a tel: link a staff phone can dial ('' if it has no digits)."""
    dialled = "".join(c for c in phone if c.isdigit() or c == "+")
    if not any(c.isdigit() for c in dialled):
        return ""
    return "tel:" + dialled[:1] + dialled[1:].replace("+", "")


@register.filter
def sms_href(phone):
    """The same number as an sms: link, for someone who chose a text message."""
    dialled = tel_href(phone)
    return "sms:" + dialled.removeprefix("tel:") if dialled else ""


@register.filter
def phone_href(phone, text=False):
    """The link a staff phone follows: to write a text (`text`), else to call."""
    return sms_href(phone) if text else tel_href(phone)


@register.filter
def only_the_queue(app_list):
    """True when the admin's list of apps would hold just the queue, which the front desk links
    to: intake staff then see the front desk alone."""
    return [app["app_label"] for app in app_list] == ["intake"]
