"""The bell in the layout: ``{% load notifications %}{% unread_bell %}`` (see ``_bell.html``)."""

from django import template

from tuyentruyen.lib.tenancy import ScopeError

from ..services import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell_link.html", takes_context=True)
def unread_bell(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    count = getattr(request, "_unread_notifications", None)
    if count is None:
        try:
            count = unread_count(user)  # one COUNT, cached on the request for any second bell
        except ScopeError:
            return {"show": False}  # rendered outside the request's scope (an error page): no bell
        request._unread_notifications = count
    return {"show": True, "count": count}
