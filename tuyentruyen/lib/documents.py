"""One shape for every document the project hands out (DOCX, PDF, XLSX, ZIP, JSON, SVG).

An exporter returns ``Document(filename, content_type, content)``, as pretix's exporters return
``(filename, mimetype, bytes)``; a view turns it into a response with ``document_response``, which is the
only place the ``Content-Disposition`` header is written.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import wraps

_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


@dataclass(frozen=True)
class Document:
    filename: str
    content_type: str
    content: bytes


def safe_filename(name: str, fallback: str = "tai-lieu") -> str:
    """A name a browser saves as given: no folders, quotes, control characters or header breaks."""
    name = _UNSAFE_NAME.sub("-", unicodedata.normalize("NFC", name or "")).strip(" .-")
    return name[:150] or fallback


def document_response(document: Document, *, inline: bool = False):
    # imported here so that pure exporters can return a Document without importing Django
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, safe_filename(document.filename))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def offers_formats(*formats: str, parameter: str = "fmt"):
    """Declare the formats a download view offers in its URL (``…/tai-ve.<str:fmt>``); any other value is
    a 404. The isolation walk reads the declaration to request every format of every download."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if kwargs.get(parameter) not in formats:
                from django.http import Http404

                raise Http404("Không có định dạng này.")
            return view(request, *args, **kwargs)

        wrapper.document_formats = {**getattr(view, "document_formats", {}), parameter: formats}
        return wrapper

    return decorate
