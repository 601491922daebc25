from urllib.parse import quote, urljoin

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files once collectstatic has run (./run, production); plain names where
    it has not (tests, a developer's checkout), which the finders then serve, instead of a failed page."""

    manifest_strict = False

    def url(self, name, force=False):
        try:
            return super().url(name, force)
        except ValueError:
            return urljoin(self.base_url, quote(name))
