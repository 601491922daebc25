"""Each kind of write that sends no model signal leaves its events, in the same transaction: bulk
creation (role grants, plan topics, citations, kinds, links, occurrences, XLSX imports), QuerySet.update
(article publication), many-to-many changes (topics, coordinating units). And no noise."""

import io
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from tuyentruyen.accounts.models import Role, UserRole
from tuyentruyen.accounts.services import set_roles
from tuyentruyen.audit.models import AuditEvent
from tuyentruyen.conftest import client_for, unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans.models import LegalReference, PlanTopic
from tuyentruyen.work import services as work
from tuyentruyen.work import xlsx
from tuyentruyen.work.models import Activity, ActivityKind, Task, TaskOccurrence
from tuyentruyen.work.tests.factories import issued_plan

pytestmark = pytest.mark.django_db


def events(commune, model, action=None):
    with commune_scope(commune):
        found = AuditEvent.objects.filter(model=model._meta.verbose_name)
        return list(found.filter(action=action) if action else found)


def test_role_grants_are_recorded(officer_a, commune_a):
    set_roles(officer_a, [Role.OFFICER, Role.LEADER])
    [grant] = [e for e in events(commune_a, UserRole, "create") if e.changes.get("role") == [None, "leader"]]
    assert grant.object_pk != "None"


def test_issuing_a_plan_records_its_topics_and_citations(commune_a, officer_a):
    from tuyentruyen.work.tests.factories import plan_document

    document = plan_document()
    document["legal_bases"] = [{"text": "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ", "type": "Nghị quyết",
                                "number": "76/NQ-CP", "date": "2021-07-15", "issuer": "Chính phủ",
                                "title": "ban hành Chương trình tổng thể cải cách hành chính nhà nước"}]
    with commune_scope(commune_a):
        plan = issued_plan(commune_a, officer_a, document)
        topics = PlanTopic.objects.filter(plan=plan).count()
        references = LegalReference.objects.filter(revision__plan=plan).values_list("pk", flat=True)
        recorded = set(AuditEvent.objects.filter(model=LegalReference._meta.verbose_name, action="create")
                       .values_list("object_pk", flat=True))
    assert topics == 3 and len(events(commune_a, PlanTopic, "create")) == 3
    assert references and {str(pk) for pk in references} <= recorded


def test_default_kinds_and_task_occurrences_are_recorded(commune_a, officer_a):
    with commune_scope(commune_a):
        plan = issued_plan(commune_a, officer_a)
        work.ensure_kinds(commune_a)
        kinds, occurrences = ActivityKind.objects.count(), TaskOccurrence.objects.filter(task__plan=plan).count()
    assert kinds and len(events(commune_a, ActivityKind, "create")) == kinds
    assert occurrences and len(events(commune_a, TaskOccurrence, "create")) == occurrences


def test_link_evidence_and_topics_of_an_activity_are_recorded(commune_a, officer_a):
    with commune_scope(commune_a):
        plan = issued_plan(commune_a, officer_a)
        topic = PlanTopic.objects.filter(plan=plan).first()
        activity = work.record_activity(commune_a, kind_code="radio", title="Phát thanh", date=date(2025, 8, 1),
                                        topics=[topic], links=["https://xa.gov.vn/tin-1"])
    [link] = [e for e in events(commune_a, activity.evidence.model, "create")]
    assert link.changes["url"] == [None, "https://xa.gov.vn/tin-1"]
    [topics] = [e for e in events(commune_a, Activity, "update") if "topics" in e.changes]
    assert topics.changes["topics"] == [[], [str(topic)]] and topics.object_pk == str(activity.pk)


def test_coordinating_units_changes_are_recorded_with_their_names(commune_a, officer_a):
    with commune_scope(commune_a):
        issued_plan(commune_a, officer_a)
        task = Task.objects.filter(coordinating_units__isnull=False).first()
        office, media = unit_of(commune_a, "office"), unit_of(commune_a, "media_center")
        before = sorted(str(u) for u in task.coordinating_units.all())
        assert before and str(media) not in before
        work.reassign_task(task, lead_unit=office, coordinating_units=[media], user=officer_a)
        removed, added = AuditEvent.objects.filter(
            object_pk=str(task.pk), changes__has_key="coordinating_units").order_by("-id")[:2][::-1]
    # set() removes what goes, then adds what comes: two events, each true, each with names
    assert removed.changes["coordinating_units"] == [before, []]
    assert added.changes["coordinating_units"] == [[], [str(media)]]


def xlsx_file(rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append([c.label for c in xlsx.ACTIVITY_COLUMNS])
    for values in rows:
        book.active.append([values.get(c.key) for c in xlsx.ACTIVITY_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("hoat-dong.xlsx", out.getvalue())


def test_an_xlsx_import_leaves_one_creation_event_per_activity_and_diffs_on_reimport(commune_a, officer_a):
    with commune_scope(commune_a):
        plan = issued_plan(commune_a, officer_a)
        topic = PlanTopic.objects.filter(plan=plan).first()
    rows = [{"date": datetime(2025, 8, day), "unit": "Trung tâm Dịch vụ sự nghiệp công",
             "kind": "Phát thanh trên đài truyền thanh", "title": f"Phát thanh số {day}", "quantity": 10,
             "topics": xlsx.topic_choice(topic), "links": f"https://xa.gov.vn/{day}", "is_public": "Không"}
            for day in range(1, 26)]
    client = client_for(officer_a)
    assert client.post("/hoat-dong/excel/nhap/", {"file": xlsx_file(rows)}).status_code == 302
    with commune_scope(commune_a):
        created = set(Activity.objects.values_list("pk", flat=True))
    creations = {int(e.object_pk) for e in events(commune_a, Activity, "create")}
    assert len(created) == 25 and creations == created
    assert all(e.actor == officer_a for e in events(commune_a, Activity, "create"))
    topic_events = [e for e in events(commune_a, Activity, "update") if "topics" in e.changes]
    assert len(topic_events) == 25 and topic_events[0].changes["topics"] == [[], [str(topic)]]

    rows[0]["quantity"] = 12  # the same file again, one quantity changed: one update event, with the diff
    assert client.post("/hoat-dong/excel/nhap/", {"file": xlsx_file(rows)}).status_code == 302
    updates = [e for e in events(commune_a, Activity, "update") if "topics" not in e.changes]
    assert [e.changes for e in updates] == [{"quantity": ["10", "12"]}]


def test_article_publication_through_queryset_update_is_recorded(commune_a):
    from tuyentruyen.accounts.services import create_user
    from tuyentruyen.conftest import PASSWORD
    from tuyentruyen.portal import services as portal

    editor = create_user("bt_audit", PASSWORD, roles=[Role.EDITOR], commune=commune_a, full_name="Biên Tập")
    with commune_scope(commune_a):
        article = portal.create_article(commune_a, editor, title="Dịch vụ công trực tuyến", summary="Hướng dẫn")
        portal.publish_article(article, editor)
        [event] = [e for e in events(commune_a, type(article), "update") if "status" in e.changes]
    assert event.changes["status"][1] == "published" and event.object_pk == str(article.pk)
    assert event.changes["published_by_id"] == [None, editor.pk]


def test_events_roll_back_with_the_write(commune_a, officer_a):
    with commune_scope(commune_a), pytest.raises(RuntimeError), transaction.atomic():
        set_roles(officer_a, [Role.OFFICER, Role.LEADER, Role.EDITOR])
        raise RuntimeError
    assert not [e for e in events(commune_a, UserRole) if e.changes.get("role") == [None, "editor"]]


def test_a_save_that_changes_nothing_but_its_timestamp_is_no_event(commune_a, officer_a):
    with commune_scope(commune_a):
        activity = work.record_activity(commune_a, kind_code="radio", title="Phát thanh", date=date(2025, 8, 1))
        count = AuditEvent.objects.count()
        activity.save()
        activity.updated_at = timezone.now()
        activity.save()
        assert AuditEvent.objects.count() == count


def test_a_login_is_no_event(commune_a, officer_a):
    with commune_scope(commune_a):
        count = AuditEvent.objects.count()
    client_for(officer_a).get("/")
    officer_a.last_login = timezone.now()
    officer_a.save()
    with commune_scope(commune_a):
        assert AuditEvent.objects.count() == count


def test_a_redacted_json_field_changed_by_save_is_recorded_without_its_values(commune_a):
    # A JSON field's change is narrowed to its keys; redacting it used to raise KeyError on save().
    from tuyentruyen.engagement.models import ContestParticipant
    from tuyentruyen.engagement.tests.conftest import make_contest

    with commune_scope(commune_a):
        contest = make_contest(commune_a)
        participant = ContestParticipant.objects.create(
            contest=contest, token="t-redact", registration={"name": "Nguyễn Văn Tâm"})
        participant.registration = {"name": "Trần Thị Bình", "phone": "0912345678"}
        participant.save()
        event = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE,
                                          object_pk=str(participant.pk)).latest("pk")
    assert event.changes["registration"] == ["***", "***"]
    assert "Bình" not in str(event.changes) and "0912345678" not in str(event.changes)
