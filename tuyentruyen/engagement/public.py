"""What the public portal shows of this app (called by the portal's home page)."""

from django.urls import reverse

from tuyentruyen.lib.tenancy import commune_scope

from .services import open_contests, open_surveys


def open_items(commune) -> list[dict]:
    """Open surveys and contests of the commune, for residents: [{title, url, kind}]; kind is shown as is."""
    with commune_scope(commune):
        items = [{"title": s.title, "kind": "Khảo sát",
                  "url": reverse("engagement_public:survey", args=[commune.slug, s.pk])}
                 for s in open_surveys(commune).order_by("-created_at")]
        items += [{"title": c.title, "kind": "Cuộc thi",
                   "url": reverse("engagement_public:contest", args=[commune.slug, c.pk])}
                  for c in open_contests(commune).order_by("closes_at")]
    return items
