"""Where a request comes from: the client's address, for django-axes' lockouts and the
consultation form's hourly limit, and whether a form was posted from this site's own page.

django-ipware reads the address; DJANGO_TRUSTED_PROXY_COUNT says how many proxies to believe.
Limits and lockouts count IPv6 clients by their /64 (group_address), the access log keeps the
full address.
"""

import ipaddress

from django.conf import settings
from ipware import get_client_ip


def client_ip(request):
    """REMOTE_ADDR, or behind DJANGO_TRUSTED_PROXY_COUNT proxies the address our own proxy saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so only the
    last TRUSTED_PROXY_COUNT entries are trustworthy: anything to their left was sent by the client
    and could be made up to dodge a limit or to lock someone else out. The last proxy is the one
    gunicorn sees (REMOTE_ADDR) and is not in the header, hence ipware's count is one less; other
    headers (X-Real-IP and the like) are never read, as a client could send them too.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        address, _ = get_client_ip(
            request,
            proxy_count=count - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,  # entries the client added on the left are ignored, not refused
        )
        if address:
            return address
    address, _ = get_client_ip(request, request_header_order=["REMOTE_ADDR"])
    return address


def group_address(address):
    """The address a limit or lockout counts: an IPv4 address as it is, an IPv6 address by its
    /64 network (its first four groups), as one home or server is given a whole /64 and can send
    from any address in it. Anything that is not an address comes back unchanged."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Network((ip, 64), strict=False).network_address)


def grouped_client_ip(request):
    """client_ip() as limits and lockouts count it (group_address): django-axes' lockout reads
    this, so one /64 is one address to it."""
    return group_address(client_ip(request))


def posted_from_our_own_page(request):
    """True only when the browser says the post came from this site (Sec-Fetch-Site, or else an
    Origin equal to ours); a post that says nothing is treated as another site's."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    return origin is not None and origin == f"{request.scheme}://{request.get_host()}"
