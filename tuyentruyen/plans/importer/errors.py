"""The one error the importer raises for input it cannot read."""

from __future__ import annotations

from tuyentruyen.lib.errors import UserError


class PlanImportError(UserError):
    """Bad input; ``message`` is in Vietnamese and can be shown to the user as is."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code
