def public_site(request):
    """The commune's public-site frame (menu links, Open Graph defaults) for every residents' page, so that
    procedures and engagement pages share the portal's header and footer. Pages pass their own values
    (title, picture) in their context, which win over these."""
    commune = getattr(request, "public_commune", None)
    if commune is None:
        return {}
    from .public_views import site_context

    return site_context(request, commune, og_title=commune.full_name,
                        og_description=f"Thông tin cải cách hành chính của {commune.full_name}")
