"""Who is on the other end of a request.

The address is ``REMOTE_ADDR`` unless that is one of the reverse proxies listed in ``TRUSTED_PROXIES``
(addresses or CIDR ranges); only then are forwarded headers read, and from X-Forwarded-For the right-most
address that is not itself a trusted proxy (each proxy appends what it saw; anything to the left of it
was written by the client and could be anything). Without trusted proxies the headers are ignored:
anyone can send them.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple:
    networks = []
    for item in spec:
        item = item.strip()
        if item:
            networks.append(ipaddress.ip_network(item, strict=False))
    return tuple(networks)


def _parse(value: str):
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:443"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def is_trusted_proxy(address: str, proxies=None) -> bool:
    parsed = _parse(address)
    networks = _networks(tuple(settings.TRUSTED_PROXIES if proxies is None else proxies))
    return parsed is not None and any(parsed in network for network in networks)


def client_address(request) -> str:
    """The client's address (see the module's docstring); "" when none can be read."""
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = tuple(settings.TRUSTED_PROXIES)
    if not proxies or not is_trusted_proxy(remote, proxies):
        return remote[:45]
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for hop in reversed(forwarded):
        parsed = _parse(hop)
        if parsed is None:
            break  # a malformed hop: stop trusting the chain here
        if not is_trusted_proxy(str(parsed), proxies):
            return str(parsed)[:45]
    real = _parse(request.META.get("HTTP_X_REAL_IP", ""))
    if not forwarded and real is not None:
        return str(real)[:45]
    return remote[:45]
