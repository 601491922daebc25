"""Who reads and changes procedures (see ``accounts/permissions.py``).

The catalogue is national: every commune reads it, only system admins change a shared record (import of
the catalogue's fields). A commune changes only its own layer: which procedures it publishes and its local
details for them (CCHC managers); its editors keep its everyday phrasings and read unanswered questions.
"""

from django.shortcuts import get_object_or_404

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.permissions import holds, is_cchc_manager, is_system_admin

from .models import Publication


def can_view_catalogue(user) -> bool:
    return holds(user, Role.OFFICER, Role.EDITOR, Role.COMMUNE_ADMIN)


def can_change_catalogue(user) -> bool:
    """Change shared records: names, steps, links, statuses of the national catalogue."""
    return is_system_admin(user)


def can_manage_commune_layer(user) -> bool:
    """Publish or withdraw procedures in the commune, write its local details, import them from a file."""
    return is_cchc_manager(user)


def can_import_procedures(user) -> bool:
    return can_change_catalogue(user) or can_manage_commune_layer(user)


def can_export_catalogue(user) -> bool:
    return can_view_catalogue(user)


def can_edit_phrasings(user) -> bool:
    """The commune's everyday phrasings (synonyms) and its residents' unanswered questions."""
    return holds(user, Role.EDITOR, Role.OFFICER, Role.COMMUNE_ADMIN)


def get_publication_for_manager(user, publication_id: int) -> Publication:
    """The commune's publication (its layer over one procedure); another commune's is not found."""
    return get_object_or_404(Publication.objects.select_related("procedure"), pk=publication_id,
                             commune_id=user.commune_id)
