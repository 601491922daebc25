"""Fixed-window rate limits per client address, kept in the shared cache (the database cache, so every
worker counts together). Used by the residents' forms; the address is never stored anywhere else."""

import hashlib
import time

from django.core.cache import cache

from tuyentruyen.lib.client import client_address


def _key(scope: str, address: str, window: int, now: float) -> str:
    # Hashed so the cache table holds no readable address.
    digest = hashlib.sha256(address.encode()).hexdigest()[:24]
    return f"rl:{scope}:{digest}:{int(now // window)}"


def allow(request, scope: str, limit: int, window: int, *, now: float | None = None) -> bool:
    """Count one hit for this address in ``scope``; False once more than ``limit`` hits fell in the
    current window of ``window`` seconds."""
    key = _key(scope, client_address(request), window, time.time() if now is None else now)
    current = cache.get(key)
    if current is not None and current >= limit:
        return False  # already over: a flood costs one read per request, no write
    if cache.add(key, 1, timeout=window + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        return True
    return count <= limit


def allow_all(request, rules: list[tuple[str, int, int]]) -> bool:
    """Several windows at once, e.g. a burst limit then a daily one; the first refusal stops the count."""
    return all(allow(request, scope, limit, window) for scope, limit, window in rules)
