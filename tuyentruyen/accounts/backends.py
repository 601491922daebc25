from django.contrib.auth.backends import ModelBackend

from .models import User


class AccountBackend(ModelBackend):
    """Loads the user with their tenant and roles in one go, so role checks cost no further query."""

    def get_user(self, user_id):
        user = (
            User.objects.select_related("commune", "province", "unit")
            .prefetch_related("role_rows")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
