"""The storages of an S3-compatible object store, read from the environment (``S3_*``). Pure: settings.py
calls it, and the object-storage tests build the same configuration against their local server."""

S3_BACKEND = "storages.backends.s3.S3Storage"


def s3_storages(environ) -> dict | None:
    """``STORAGES["default"]`` and ``["backups"]`` for the bucket ``S3_BUCKET``, or None when it is unset
    (the local disk then). Backups go under ``backups/`` of the same bucket unless ``S3_BACKUP_BUCKET``
    names another one (a bucket with its own retention and access rules is better in production)."""
    bucket = environ.get("S3_BUCKET", "")
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "access_key": environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("S3_SECRET_ACCESS_KEY") or None,
        "region_name": environ.get("S3_REGION") or "us-east-1",
        # Every file is private: the app streams it after the permission check (docs/deploy.md).
        "default_acl": "private",
        "querystring_auth": True,  # url() is handed to no browser; should anything call it, it is signed
        "file_overwrite": False,  # as on disk: a new file never replaces another stored under its name
        "addressing_style": environ.get("S3_ADDRESSING_STYLE") or "path",  # MinIO, Ceph, moto: path style
        "signature_version": "s3v4",
        # a file being read is spooled here, past 5 MB to FILE_UPLOAD_TEMP_DIR, not held whole in memory
        "max_memory_size": 5 * 1024 * 1024,
    }
    return {
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": options},
        "backups": {"BACKEND": S3_BACKEND, "OPTIONS": {
            **options, "bucket_name": environ.get("S3_BACKUP_BUCKET") or bucket, "location": "backups"}},
    }
