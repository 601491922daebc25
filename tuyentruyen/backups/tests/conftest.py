"""A fresh installation to restore into: an empty database of the suite's engine (a new SQLite file, or
a new PostgreSQL database beside the test database) and an empty media folder."""

import sqlite3
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection

from tuyentruyen.backups import database


class FreshInstallation:
    def __init__(self, settings_dict, storage):
        self.settings_dict = settings_dict
        self.storage = storage

    def cursor_and_tables(self):
        """A plain driver connection to the fresh database (not the code under test) and its tables."""
        if connection.vendor == "sqlite":
            conn = sqlite3.connect(self.settings_dict["NAME"])
            tables = [row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            return conn, conn.cursor(), tables
        import psycopg

        conn = psycopg.connect(**database._pg_params(self.settings_dict))
        cursor = conn.cursor()
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return conn, cursor, [row[0] for row in cursor.fetchall()]


@pytest.fixture
def fresh_installation(tmp_path):
    storage = FileSystemStorage(location=tmp_path / "fresh-media")
    if connection.vendor == "sqlite":
        yield FreshInstallation({**connection.settings_dict, "NAME": str(tmp_path / "fresh.sqlite3")}, storage)
        return
    missing = [tool for tool in ("pg_dump", "pg_restore") if database.pg_tool(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not found on PATH or in /usr/lib/postgresql/*/bin: "
                    "the PostgreSQL backup cannot be exercised here")
    import psycopg

    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(**database._pg_params(connection.settings_dict), autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield FreshInstallation({**connection.settings_dict, "NAME": name}, storage)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def media_files():
    """A few uploaded files in nested folders, one with a Vietnamese name, one binary."""
    contents = {
        "evidence/1/ab/ảnh-hội-nghị.jpg": "Ảnh buổi tuyên truyền".encode() * 50,
        "evidence/2/cd/bien-ban.pdf": bytes(range(256)) * 40,
        "portal/news/tin-bai.txt": b"Tin bai\n",
        "imports/empty.xlsx": b"",
    }
    for name, data in contents.items():
        saved = default_storage.save(name, ContentFile(data))
        assert saved == name
    return contents
