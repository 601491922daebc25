"""Sliding-window rate limits per client address, kept in the shared cache (the database cache, or Redis
with CACHE_URL), so every process of every app server counts together. Used by the residents' forms; the address is never stored anywhere else.

A limit is (scope, hits, seconds): at most ``hits`` in any ``seconds`` long stretch of time, not per fixed
window (a fixed window lets twice the limit through across its boundary). Each scope keeps, per address,
the times of its recent hits. ``allowed`` only asks; ``record`` counts: forms count what they accepted, so
a resident whose form was refused for a typo keeps the quota. ``allow_all`` asks and counts in one go,
for lookups where every try is what must be slowed down.

Two processes recording the same address at the same instant may each write their own list and lose one
hit; the limits are generous enough that this changes nothing a flood could use.
"""

import hashlib
import time

from django.core.cache import cache

from tuyentruyen.lib.client import client_address


def _key(scope: str, address: str) -> str:
    # Hashed so the cache table holds no readable address.
    digest = hashlib.sha256(address.encode()).hexdigest()[:24]
    return f"rl2:{scope}:{digest}"


def _recent(key: str, window: int, now: float) -> list[float]:
    hits = cache.get(key) or []
    return [t for t in hits if now - window < t <= now]


def _now(now: float | None) -> float:
    return time.time() if now is None else now


def _who(request, who: str | None) -> str:
    # ``who``: a caller that is not an address (an API token's id) counts under its own name.
    return client_address(request) if who is None else f"who:{who}"


def allowed(request, rules: list[tuple[str, int, int]], *, now: float | None = None, who: str | None = None) -> bool:
    """Whether one more hit fits under every rule; counts nothing."""
    now, address = _now(now), _who(request, who)
    return all(len(_recent(_key(scope, address), window, now)) < limit for scope, limit, window in rules)


def record(request, rules: list[tuple[str, int, int]], *, now: float | None = None, who: str | None = None) -> None:
    """Count one accepted hit under every rule."""
    now, address = _now(now), _who(request, who)
    for scope, limit, window in rules:
        key = _key(scope, address)
        hits = _recent(key, window, now)[-(limit + 1):] + [now]
        cache.set(key, hits, timeout=window + 5)


def allow_all(request, rules: list[tuple[str, int, int]], *, now: float | None = None,
              who: str | None = None) -> bool:
    """Count this try and say whether it is within the limits (a refused try is not counted)."""
    if not allowed(request, rules, now=now, who=who):
        return False
    record(request, rules, now=now, who=who)
    return True
