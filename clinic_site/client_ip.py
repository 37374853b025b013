"""The client's address, for django-axes' lockouts (and anything else that limits per client)."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or behind DJANGO_TRUSTED_PROXY_COUNT proxies the address our own proxy saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so only the
    last TRUSTED_PROXY_COUNT entries are trustworthy: anything to their left was sent by the client
    and could be made up to dodge a lockout or to lock someone else out.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
