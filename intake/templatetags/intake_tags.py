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
