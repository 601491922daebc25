"""Who is on the other end of a request."""


def client_address(request) -> str:
    """The client's address. Behind the documented reverse proxy (docs/deploy.md) REMOTE_ADDR is the
    proxy, which passes the real address in X-Real-IP."""
    return (request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or "")[:45]
