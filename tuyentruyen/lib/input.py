"""Text arrives normalised: every query and form value, and every uploaded file's name.

Done once, where the request is parsed, rather than field by field in forms: forms, HTMX parameters and
the views that read ``request.POST`` directly all see the same text, and a new form cannot forget it.
Importers (XLSX, DOCX, JSON) read files, not requests; they call ``lib.text.normalise`` themselves.
Passwords are left exactly as typed: normalising them would lock out whoever set one in another form.
"""

from django.http import QueryDict

from .text import normalise


def _is_secret(key: str) -> bool:
    return "password" in key or key in ("otp", "token_code")


def normalise_querydict(data: QueryDict) -> QueryDict:
    if not data:
        return data
    clean = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        clean.setlist(normalise(key), values if _is_secret(key) else [normalise(v) for v in values])
    clean._mutable = False
    return clean


class NormaliseInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = normalise_querydict(request.GET)
        # The body is parsed lazily (a view may still change its upload handlers); normalise when it is.
        load = request._load_post_and_files

        def load_normalised():
            load()
            request._post = normalise_querydict(request._post)
            for _key, uploads in request._files.lists() if request._files else ():
                for upload in uploads:
                    if upload.name:
                        upload.name = normalise(upload.name)

        request._load_post_and_files = load_normalised
        return self.get_response(request)
