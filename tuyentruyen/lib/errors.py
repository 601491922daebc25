"""The one exception type whose text a user may read."""


class UserError(Exception):
    """A refusal the user should see as it is: ``message`` is Vietnamese, complete and free of internals
    (no paths, no stack, no residents' personal data). Views show it; commands print it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def form_errors_text(form) -> str:
    """Every message of an invalid form on one line, in field order, for a flash message or a refusal."""
    return "; ".join(str(error) for errors in form.errors.values() for error in errors)
