import pytest

from tuyentruyen.notifications import services


@pytest.fixture
def sources(monkeypatch):
    """An empty registry of reminder sources that a test fills; other apps' sources stay out."""
    services.discover_reminder_sources()  # what send_reminders imports, imported before the swap
    registry: dict = {}
    monkeypatch.setattr(services, "_SOURCES", registry)
    return services.register_reminder_source
