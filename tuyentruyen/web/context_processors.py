from .navigation import items_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    return {"nav_items": items_for(user), "nav_current": current}
