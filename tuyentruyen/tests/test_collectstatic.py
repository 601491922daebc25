"""collectstatic with the production storage (hashed names, every reference checked) succeeds: a static
file naming a file that is not shipped (a vendored script's source map, a picture a stylesheet points at)
stops collectstatic, and with it ./run and every deployment. (The other tests serve static files by their
plain names, so only this one sees such a reference.)"""

import json

from django.core.management import call_command


def test_collectstatic_succeeds_with_the_manifest_storage(settings, tmp_path):
    root = tmp_path / "static"
    settings.STATIC_ROOT = root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "tuyentruyen.lib.storage.StaticStorage", "OPTIONS": {"location": str(root)}}}
    call_command("collectstatic", "--noinput", verbosity=0)
    paths = json.loads((root / "staticfiles.json").read_text())["paths"]
    assert "portal/public.css" in paths and any(name.startswith("vendor/trix-") for name in paths)
