"""The one exception type whose text a user may read."""


class UserError(Exception):
    """A refusal the user should see as it is: ``message`` is Vietnamese, complete and free of internals
    (no paths, no stack, no residents' personal data). Views show it; commands print it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def form_errors_text(form, *, labelled: bool = False) -> str:
    """Every message of an invalid form on one line, in field order, for a flash message or a refusal.
    ``labelled``: each message after its field's label ("Tiêu đề: …"), for a refusal shown away from the
    form's fields (a script's status line)."""
    return "; ".join(
        f"{form.fields[name].label}: {error}" if labelled and name in form.fields else str(error)
        for name, errors in form.errors.items() for error in errors)
