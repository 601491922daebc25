"""The read-replica router (lib/dbrouter.py): which alias a read goes to, and the pages that use it.

The test database has no second copy, so a ``replica`` alias is opened on the same test database and the
queries each connection ran are counted: what matters here is which connection the router picked."""

import pytest
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tuyentruyen.accounts.models import User
from tuyentruyen.conftest import PASSWORD
from tuyentruyen.lib import dbrouter
from tuyentruyen.localities.models import Commune
from tuyentruyen.portal.public_views import clear_page_cache


@pytest.fixture(scope="module")
def _replica_alias(django_db_setup, django_db_blocker):
    # Module scope, so that it exists before each test's database guards list the allowed aliases.
    connections.settings[dbrouter.REPLICA] = {**connections["default"].settings_dict}
    yield
    with django_db_blocker.unblock():
        connections[dbrouter.REPLICA].close()
    del connections[dbrouter.REPLICA]
    del connections.settings[dbrouter.REPLICA]


@pytest.fixture
def replica(_replica_alias):
    return connections[dbrouter.REPLICA]


@pytest.fixture
def marked():
    """Inside a request to a marked view."""
    use, wrote = dbrouter._use_replica.set(True), dbrouter._wrote.set(False)
    yield
    dbrouter._use_replica.reset(use)
    dbrouter._wrote.reset(wrote)


ROUTER = dbrouter.ReplicaRouter()


def test_without_a_replica_every_read_is_from_the_primary(marked, monkeypatch):
    monkeypatch.delitem(connections.settings, dbrouter.REPLICA, raising=False)  # another test's alias
    assert ROUTER.db_for_read(Commune) == "default"


# Out of a transaction: a test inside one reads the primary, as it should.
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
@pytest.mark.parametrize(("model", "alias"), [(Commune, "replica"), (User, "default")])
def test_a_marked_request_reads_the_replica_except_accounts(replica, marked, model, alias):
    assert ROUTER.db_for_read(model) == alias


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_inside_a_transaction_and_after_a_write_reads_stay_on_the_primary(replica, marked):
    with transaction.atomic():
        assert ROUTER.db_for_read(Commune) == "default"
    assert ROUTER.db_for_read(Commune) == "replica"
    ROUTER.db_for_write(Commune)
    assert ROUTER.db_for_read(Commune) == "default"


def test_a_session_saved_is_not_a_write_that_must_be_read_back(marked):
    from django.contrib.sessions.models import Session

    ROUTER.db_for_write(Session)
    assert not dbrouter._wrote.get()


def test_an_unmarked_request_reads_the_primary(replica):
    assert ROUTER.db_for_read(Commune) == "default"


def test_only_the_primary_is_migrated():
    assert ROUTER.allow_migrate("default", "portal") and not ROUTER.allow_migrate("replica", "portal")
    assert ROUTER.db_for_write(Commune) == "default"


def _queries(client, url, **kwargs):
    clear_page_cache()
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections[dbrouter.REPLICA]) as copy:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return response, [q["sql"] for q in primary.captured_queries], [q["sql"] for q in copy.captured_queries]


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_public_home_page_reads_the_replica(replica, commune_a):
    response, primary, copy = _queries(Client(), f"/{commune_a.slug}/")
    assert any("portal_siteversion" in sql for sql in copy)  # the page cache's version token
    assert any("localities_commune" in sql for sql in copy)
    assert not any("portal_" in sql for sql in primary)
    assert dbrouter.AFTER_WRITE_COOKIE not in response.cookies  # nothing was written


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_staff_page_that_is_not_marked_reads_the_primary(replica, officer_a):
    client = Client()
    client.force_login(officer_a)
    _response, primary, copy = _queries(client, reverse("plans:list"))
    assert copy == [] and primary


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_after_a_login_the_dashboard_reads_the_primary_until_the_cookie_expires(replica, officer_a, settings):
    client = Client()
    login = client.post(reverse("accounts:login"), {"username": officer_a.username, "password": PASSWORD})
    assert login.status_code == 302
    cookie = login.cookies[dbrouter.AFTER_WRITE_COOKIE]  # last_login was written
    assert int(cookie["max-age"]) == settings.REPLICA_AFTER_WRITE_SECONDS and cookie["httponly"]
    _response, primary, copy = _queries(client, reverse("reports:dashboard"))
    assert copy == [] and any("work_activity" in sql for sql in primary)
    del client.cookies[dbrouter.AFTER_WRITE_COOKIE]  # what the browser does after max-age
    _response, primary, copy = _queries(client, reverse("reports:dashboard"))
    assert any("work_activity" in sql for sql in copy)
    assert not any("work_activity" in sql for sql in primary)
    assert any("django_session" in sql for sql in primary) and not any("django_session" in sql for sql in copy)
