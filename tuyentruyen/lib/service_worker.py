"""Service workers written as templates: a script whose settings (cache name, pages, files) are written in
as one JSON literal, ``var CONFIG = {{ config|safe }};``. Used by the public site (portal/offline.py) and
the staff activity form (work/views.staff_worker)."""

import hashlib
import json

from django.http import HttpResponse
from django.template.loader import get_template


def script_version(template_name: str, files: list[str]) -> str:
    """Changes with the script and with every file it keeps (hashed static names change with their
    content), so a deploy that changes either gets a new cache instead of last release's files."""
    source = get_template(template_name).template.source
    return hashlib.sha256("|".join([source, *files]).encode()).hexdigest()[:12]


def worker_response(template_name: str, config: dict) -> HttpResponse:
    # ensure_ascii: the literal is plain ASCII JavaScript whatever a slug, path or text holds
    script = get_template(template_name).render({"config": json.dumps(config, ensure_ascii=True)})
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")
