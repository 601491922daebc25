"""The one error the importer raises for input it cannot read."""

from __future__ import annotations


class PlanImportError(Exception):
    """Bad input; ``message`` is in Vietnamese and can be shown to the user as is."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message
