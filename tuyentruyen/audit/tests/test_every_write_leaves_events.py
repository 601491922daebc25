"""A walk through the services: loading the demo commune calls the writes of every app (users and roles,
localities, plans issued with their topics and citations, procedures imported and published, activities,
articles, broadcasts, feedback, surveys). Afterwards, for every audited model, the rows it gained equal its
creation events minus its deletion events: no insert or delete went unrecorded, bulk ones included."""

from collections import Counter

import pytest

from tuyentruyen.audit.models import AuditEvent
from tuyentruyen.audit.recorder import audited_models
from tuyentruyen.lib.tenancy import scopes_disabled

# Not recorded on purpose, each with its reason at the write (an "# audit:" comment).
UNRECORDED = {"engagement.feedbackcontact": "residents' contact data: no copy in the trail"}


def row_counts() -> Counter:
    with scopes_disabled():
        return Counter({str(m._meta.verbose_name): m._base_manager.count() for m in audited_models()
                        if m._meta.label_lower not in UNRECORDED})


@pytest.mark.django_db(transaction=True)
def test_loading_the_demo_leaves_one_event_per_row_created_or_deleted():
    from tuyentruyen.web.demo import load_demo

    before = row_counts()
    with scopes_disabled():
        first_event = AuditEvent._base_manager.order_by("-id").values_list("id", flat=True).first() or 0
    load_demo()
    after = row_counts()
    with scopes_disabled():
        actions = Counter((model, action) for model, action in AuditEvent._base_manager.filter(
            id__gt=first_event).values_list("model", "action"))
    gained = {name: after[name] - before[name] for name in after}
    assert sum(gained.values()) > 500  # the walk really wrote (localities, plans, activities, …)
    recorded = {name: actions[(name, "create")] - actions[(name, "delete")] for name in after}
    assert {n: g for n, g in gained.items() if g != recorded[n]} == {}
