"""The mark of a view that is public on purpose (residents' pages). Kept here, below every app, so
that apps mark their views without importing one another; the commune-resolving decorator built on
it is ``localities.public.public_commune_view``."""


def public_view(view):
    """Marks a view as public on purpose (residents' pages): the isolation test lets it answer 200."""
    view.tenant_public = True
    return view
