"""The access map as a table, exercised through the real URLs.

Every row is one action of the access map (``<app>/access.py``): the predicate that decides it, the URL that
performs it, and which roles may do it on an object of their own unit and of another unit of their commune.
For every role × action × place of the object — the user's own unit, another unit of the commune, another
commune of the province, and the province (the province viewer reading the commune's object) — the test
checks that the predicate says what the table says, and that the URL allows or refuses accordingly. Objects
of another commune are always refused (403 or 404). A new action goes in ``ACTIONS``.
"""

import io
from dataclasses import dataclass
from datetime import date, time

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import SECRET_B, client_for, unit_of
from tuyentruyen.engagement import access as engagement_access
from tuyentruyen.engagement import services as engagement
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans import access as plans_access
from tuyentruyen.plans.document import empty_document
from tuyentruyen.plans.services import create_plan
from tuyentruyen.portal import access as portal_access
from tuyentruyen.portal import services as portal
from tuyentruyen.procedures import access as procedures_access
from tuyentruyen.procedures import services as procedures_services
from tuyentruyen.procedures.models import (
    AssistantReply,
    Procedure,
    Publication,
    SynonymEntry,
    UnansweredQuestion,
)
from tuyentruyen.province import access as province_access
from tuyentruyen.reports import access as reports_access
from tuyentruyen.reports.models import ReportStatus
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.services import get_or_create_report
from tuyentruyen.work import access as work_access
from tuyentruyen.work import xlsx
from tuyentruyen.work.services import record_activity
from tuyentruyen.work.tests.factories import issued_plan, plan_document

pytestmark = pytest.mark.django_db

ADMIN, LEADER, OFFICER, STAFF, EDITOR, CONTRIBUTOR = (
    Role.COMMUNE_ADMIN, Role.LEADER, Role.OFFICER, Role.UNIT_STAFF, Role.EDITOR, Role.CONTRIBUTOR)
COMMUNE_ROLES = (ADMIN, LEADER, OFFICER, STAFF, EDITOR, CONTRIBUTOR)
PLACES = ("own_unit", "other_unit", "other_commune", "province")


def _xlsx_text(response) -> str:
    if response.status_code != 200:
        return ""
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    return " ".join(str(c) for row in wb.active.iter_rows(values_only=True) for c in row if c is not None)


def _import_title(client, obj, title="Sửa qua tệp Excel"):
    """Upload the activities sheet with one row that rewrites ``obj`` by its id."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([c.label for c in xlsx.ACTIVITY_COLUMNS])
    values = {"id": obj.pk, "date": date(2025, 8, 1), "unit": obj.unit.name if obj.unit else "",
              "kind": obj.kind.name, "title": title, "is_public": "Không"}
    ws.append([values.get(c.key) for c in xlsx.ACTIVITY_COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return client.post("/hoat-dong/excel/nhap/", {"file": SimpleUploadedFile("a.xlsx", out.getvalue())})


@dataclass(frozen=True)
class Action:
    name: str
    kind: str  # which object of the world it acts on
    predicate: object  # (user, obj) -> bool, from the access map
    request: object  # (client, obj) -> response
    own_unit: frozenset
    other_unit: frozenset
    province: bool = False  # may the province viewer do it on the commune's object
    done: object = None  # (response, obj) -> bool: did it take effect (default: 200 or 302)
    reset: object = None  # (obj) -> None: undo the previous actor's change before the next one acts


def _jpeg_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 90, 160)).save(out, "JPEG")
    return SimpleUploadedFile("anh.jpg", out.getvalue(), content_type="image/jpeg")


def _get(path):
    return lambda client, obj: client.get(path.format(pk=obj.pk))


def _post(path, data):
    return lambda client, obj: client.post(path.format(pk=obj.pk), data)


def roles(*codes):
    return frozenset(codes)


MANAGERS = roles(ADMIN, OFFICER)
READ_ALL = roles(ADMIN, LEADER, OFFICER)

ACTIONS = [
    Action("slot.edit", "slot", lambda u, o: portal_access.can_run_broadcasts(u),
           _get("/phat-thanh/lich/{pk}/sua/"), roles(EDITOR, OFFICER), roles(EDITOR, OFFICER)),
    Action("bulletin.package", "bulletin", lambda u, o: portal_access.can_run_broadcasts(u),
           _get("/phat-thanh/ban-tin/{pk}/goi.zip"), roles(EDITOR, OFFICER), roles(EDITOR, OFFICER)),
    Action("article.preview", "article", portal_access.can_preview_article,
           _get("/tin-bai/{pk}/xem-truoc/"), roles(EDITOR, OFFICER, ADMIN), roles(EDITOR, OFFICER, ADMIN)),
    Action("article.upload_picture", "article", lambda u, o: portal_access.can_write_articles(u)
           and portal_access.can_preview_article(u, o) and portal_access.can_edit_article(u, o),
           lambda client, obj: client.post(f"/tin-bai/{obj.pk}/anh/tai-len/", {"image": _jpeg_upload()}),
           roles(EDITOR), roles(EDITOR), done=lambda r, o: r.status_code == 200),  # the author is another user
    # Makes a new draft, in the actor's commune: "done" when it lands in the object's commune (never B's).
    Action("article.save_new_draft", "article", lambda u, o: portal_access.can_write_articles(u),
           lambda client, obj: client.post("/tin-bai/them/nhap/", {"title": "Tin mới", "summary": "Tóm tắt"}),
           roles(EDITOR, CONTRIBUTOR, OFFICER, ADMIN), roles(EDITOR, CONTRIBUTOR, OFFICER, ADMIN),
           done=lambda r, o: r.status_code == 201 and type(o)._base_manager.filter(
               pk=r.json()["id"], commune_id=o.commune_id).exists()),
    Action("news_category.edit", "news_category", lambda u, o: portal_access.can_manage_news_categories(u),
           lambda client, obj: client.post(f"/tin-bai/chuyen-muc/{obj.pk}/sua/", {
               f"c{obj.pk}-name": obj.name, f"c{obj.pk}-position": "1"}), roles(EDITOR), roles(EDITOR)),
    Action("task.view", "task", lambda u, o: work_access.visible_tasks(u).filter(pk=o.pk).exists(),
           _get("/nhiem-vu/{pk}/"), READ_ALL | {STAFF}, READ_ALL),
    Action("task.update_progress", "task", work_access.can_update_task,
           _post("/nhiem-vu/{pk}/tien-do/", {"progress": 40}), MANAGERS | {STAFF}, MANAGERS),
    Action("task.assign", "task", work_access.can_assign_task,
           _post("/nhiem-vu/{pk}/nguoi-thuc-hien/", {"assignee": ""}), MANAGERS | {STAFF}, MANAGERS),
    Action("task.cancel", "task", lambda u, o: work_access.can_manage_tasks(u),
           _post("/nhiem-vu/{pk}/huy/", {"reason": "Không còn phù hợp"}), MANAGERS, MANAGERS),
    Action("activity.view", "activity", lambda u, o: work_access.visible_activities(u).filter(pk=o.pk).exists(),
           _get("/hoat-dong/{pk}/"), READ_ALL | {STAFF}, READ_ALL),
    Action("activity.edit", "activity", work_access.can_edit_activity,
           _get("/hoat-dong/{pk}/sua/"), MANAGERS | {STAFF}, MANAGERS),
    Action("activity.import", "activity", work_access.can_edit_activity, _import_title,
           MANAGERS | {STAFF}, MANAGERS, done=lambda r, o: r.status_code == 302),
    Action("activity.export", "activity", lambda u, o: work_access.visible_activities(u).filter(pk=o.pk).exists(),
           lambda client, obj: client.get("/hoat-dong/xuat.xlsx"), READ_ALL | {STAFF}, READ_ALL,
           done=lambda r, o: o.title in _xlsx_text(r)),
    Action("report.view", "report", lambda u, o: reports_access.can_view_reports(u) and not (
        reports_access.own_unit_only(u) and o.unit_id != u.unit_id), _get("/bao-cao/{pk}/"),
        READ_ALL | {STAFF}, READ_ALL),
    Action("report.submit", "report", reports_access.can_edit_report, _post("/bao-cao/{pk}/gui/", {}),
           MANAGERS | {STAFF}, MANAGERS,
           done=lambda r, o: _fresh(o).status == ReportStatus.SUBMITTED,
           reset=lambda o: type(o)._base_manager.filter(pk=o.pk).update(status=ReportStatus.DRAFT)),
    Action("dashboard.view_unit", "report", lambda u, o: reports_access.can_view_unit_dashboard(u, o.unit),
           lambda client, obj: client.get(f"/tong-quan/?ky=2026-q1&don-vi={obj.unit_id}"), READ_ALL | {STAFF},
           READ_ALL, done=lambda r, o: r.status_code == 200 and r.context is not None
           and getattr(r.context.get("unit"), "pk", None) == o.unit_id),
    Action("report.request_signoff", "commune_report", reports_access.can_request_signoff,
           _post("/bao-cao/{pk}/gui/", {}), MANAGERS, MANAGERS,
           done=lambda r, o: _fresh(o).status == ReportStatus.AWAITING_SIGNOFF,
           reset=lambda o: type(o)._base_manager.filter(pk=o.pk).update(status=ReportStatus.DRAFT)),
    Action("report.sign_off", "commune_report", reports_access.can_sign_off_report,
           _post("/bao-cao/{pk}/duyet/", {}), roles(LEADER), roles(LEADER),
           done=lambda r, o: _fresh(o).status == ReportStatus.SUBMITTED, reset=lambda o: _awaiting_signoff(o)),
    Action("plan.view", "plan", lambda u, o: plans_access.visible_plans(u).filter(pk=o.pk).exists()
           and plans_access.can_view_plans(u), _get("/ke-hoach/{pk}/"), roles(*COMMUNE_ROLES),
           roles(*COMMUNE_ROLES), province=True),
    Action("plan.edit", "plan", plans_access.can_edit_plan, _get("/ke-hoach/{pk}/sua/thong-tin-chung/"),
           MANAGERS, MANAGERS, done=lambda r, o: r.status_code == 200),
    Action("plan.submit", "plan", lambda u, o: plans_access.can_transition_plan(u, o, "submit"),
           _post("/ke-hoach/{pk}/trang-thai/", {"action": "submit"}), MANAGERS, MANAGERS),
    Action("plan.map_owner", "plan", plans_access.can_map_plan_owners,
           _post("/ke-hoach/{pk}/don-vi-thuc-hien/", {"owner": "Các phòng chuyên môn", "unit": ""}),
           MANAGERS | {LEADER}, MANAGERS | {LEADER}),
    Action("plan.derive", "plan", lambda u, o: plans_access.can_derive_plans(u),
           _post("/ke-hoach/{pk}/lap-ky-moi/", {}), MANAGERS, MANAGERS),
    Action("feedback.view", "feedback", lambda u, o: engagement_access.can_view_feedback(u)
           and engagement_access.visible_feedback(u).filter(pk=o.pk).exists(),
           _get("/phan-anh-kien-nghi/{pk}/"), READ_ALL | {STAFF}, READ_ALL),
    Action("feedback.answer", "feedback", engagement_access.can_answer_feedback,
           _post("/phan-anh-kien-nghi/{pk}/tra-loi/", {"answer": "Đã xử lý, mời ông bà đến nhận kết quả."}),
           roles(OFFICER, STAFF), roles(OFFICER)),
    Action("province.commune_drilldown", "plan", lambda u, o: province_access.can_view_province_overview(u)
           and province_access.get_commune_for_user(u, o.commune_id) is not None,
           lambda client, obj: client.get(f"/tinh/tong-quan/xa/{obj.commune_id}/"), roles(), roles(), province=True),
    Action("procedure.local_details", "publication", lambda u, o: procedures_access.can_manage_commune_layer(u),
           _post("/thu-tuc-hanh-chinh/tai-xa/{pk}/", {"where_to_submit": "Quầy số 2"}), MANAGERS, MANAGERS),
    Action("procedure.question_to_synonym", "assistant_question",
           lambda u, o: procedures_access.can_edit_phrasings(u),
           _post("/thu-tuc-hanh-chinh/cau-hoi-chua-tra-loi/{pk}/thanh-cach-noi/", {"code": "1.000001"}),
           roles(ADMIN, OFFICER, EDITOR), roles(ADMIN, OFFICER, EDITOR),
           done=lambda r, o: not UnansweredQuestion._base_manager.filter(pk=o.pk).exists(),
           reset=lambda o: _logged_again(o)),
]


def _logged_again(question):
    """The question back on the review list, and the phrasing it became gone (one click, every actor)."""
    SynonymEntry._base_manager.filter(commune_id=question.commune_id).delete()  # the world has no other
    if not UnansweredQuestion._base_manager.filter(pk=question.pk).exists():
        UnansweredQuestion._base_manager.create(pk=question.pk, commune_id=question.commune_id, text=question.text,
                                                reply=question.reply, offered=question.offered)


@pytest.fixture
def world(province, commune_a, commune_b, officer_a, officer_b):
    """Two objects of each kind in commune A (one for the acting unit, one for another unit), one in B."""
    media, service = unit_of(commune_a, "media_center"), unit_of(commune_a, "service_center")
    objects = {}
    for commune, officer, places in ((commune_a, officer_a, ("own_unit", "other_unit")),
                                     (commune_b, officer_b, ("other_commune",))):
        with commune_scope(commune):
            plan = issued_plan(commune, officer, plan_document(title=f"Kế hoạch {commune.pk}"))
            draft = create_plan(commune=commune, user=officer, document=empty_document(title="Dự thảo"))
            tasks = list(plan.tasks.filter(recurrence="none").order_by("pk")[:2])
            for place in places:
                unit = {"own_unit": media, "other_unit": service}.get(place) or unit_of(commune, "media_center")
                task = tasks[places.index(place)]
                task.lead_unit = unit
                task.save()
                task.coordinating_units.clear()
                activity = record_activity(commune, kind_code="banner", title=f"Băng rôn {place} {SECRET_B}"
                                           if commune == commune_b else f"Băng rôn {place}",
                                           date=date(2025, 8, 1), unit=unit, user=officer)
                report = get_or_create_report(commune, Period(2026, "q1"), unit)
                commune_report = get_or_create_report(commune, Period(2026, "q1"))
                feedback = engagement.submit_feedback(commune, category="general", title=f"Phản ánh {place}",
                                                      content="Nội dung")
                engagement.assign_feedback(feedback, unit=unit, user=officer)
                procedure = Procedure.objects.get_or_create(code="1.000001", defaults={"name": "Thủ tục mẫu"})[0]
                publication = Publication.objects.get_or_create(commune=commune, procedure=procedure)[0]
                question = procedures_services.log_unanswered(commune, f"xin giay mau {place}",
                                                              AssistantReply.CHOOSE, [procedure.code])
                slot = portal.add_slot(commune, channel="radio", weekday=0, start=time(6), duration_minutes=15)
                bulletin = portal.create_bulletin(commune, officer, title=f"Bản tin {place}", channel="radio")
                article = portal.create_article(commune, officer, title=f"Tin bài {place}", summary="Tóm tắt")
                news_category = portal.create_category(commune, name=f"Chuyên mục {place}")
                objects[place] = {"article": article, "news_category": news_category,"task": task, "activity": activity, "report": report, "feedback": feedback,
                                  "commune_report": commune_report, "slot": slot, "bulletin": bulletin,
                                  "plan": draft, "publication": publication, "assistant_question": question}
    objects["province"] = objects["own_unit"]
    return objects


def _actor(commune_a, role):
    unit = unit_of(commune_a, "media_center")
    return create_user(f"vai_{role}", "x", roles=[role], commune=commune_a, unit=unit, full_name=f"Người {role}")


def _awaiting_signoff(report):
    """Put the commune's report back in the leader's hands, its figures frozen, as the officer left it."""
    from tuyentruyen.reports.services import live_figures

    with commune_scope(report.commune):
        figures = live_figures(_fresh(report))
    type(report)._base_manager.filter(pk=report.pk).update(status=ReportStatus.AWAITING_SIGNOFF, figures=figures)


def _fresh(obj):
    return type(obj)._base_manager.get(pk=obj.pk)


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name)
def test_the_access_map_holds_through_the_urls(action, world, commune_a, viewer_province):
    actors = [(role, _actor(commune_a, role)) for role in COMMUNE_ROLES]
    wrong = []
    for place in PLACES:
        for role, user in (actors if place != "province" else [("province_viewer", viewer_province)]):
            if action.reset is not None:
                action.reset(world[place][action.kind])
            obj = _fresh(world[place][action.kind])
            if place == "other_commune":
                expected = False
            elif place == "province":
                expected = action.province
            else:
                expected = role in getattr(action, place)
                with commune_scope(commune_a):
                    predicted = bool(action.predicate(user, obj))
                if predicted != expected:
                    wrong.append(f"{role} {action.name} {place}: the map says {predicted}, the table {expected}")
            response = action.request(client_for(user), obj)
            if action.done is not None:
                allowed = action.done(response, obj)
            else:
                allowed = response.status_code in (200, 302)
            refused = response.status_code in (400, 403, 404) or (action.done is not None and not allowed)
            if expected and not allowed:
                wrong.append(f"{role} {action.name} {place}: refused ({response.status_code}), should be allowed")
            if not expected and not refused:
                wrong.append(f"{role} {action.name} {place}: allowed ({response.status_code}), should be refused")
    assert not wrong, "\n".join(wrong)


def test_system_admins_alone_change_the_shared_catalogue(commune_a):
    superuser = get_user_model().objects.create_superuser("hethong", "ht@example.vn", "x")
    assert procedures_access.can_change_catalogue(superuser)
    for role in COMMUNE_ROLES:
        assert not procedures_access.can_change_catalogue(_actor(commune_a, role)), role


def test_no_role_tuples_outside_the_access_map():
    """Role codes are named only in the access modules (and where users and roles are defined)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    allowed = {"accounts/models.py", "accounts/forms.py", "accounts/services.py", "accounts/permissions.py",
               "web/demo.py", "conftest.py",
               # who is notified, not who may: the reminder and digest recipients
               "notifications/services.py", "work/reminders.py"}
    offenders = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative or relative.endswith("access.py") \
                or relative in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bRole\.[A-Z_]+|has_role\(|role_required", text):
            offenders.append(relative)
    assert not offenders, f"decide access in the app's access.py: {offenders}"


# --- a province's own plan: who does each step (issue 12, item 2) ------------------------------------
PROVINCE_PLAN_STEPS = [
    # (action, status the plan is in, request, who may: province_officer / province_leader / viewer_province /
    #  officer_other_province / officer_a)
    ("edit", "draft", lambda c, p: c.get(f"/ke-hoach/{p.pk}/sua/thong-tin-chung/"), {"province_officer"}),
    ("submit", "draft", lambda c, p: c.post(f"/ke-hoach/{p.pk}/trang-thai/", {"action": "submit"}),
     {"province_officer"}),
    ("return", "submitted", lambda c, p: c.post(f"/ke-hoach/{p.pk}/trang-thai/", {"action": "return"}),
     {"province_leader"}),
    ("approve", "submitted", lambda c, p: c.post(f"/ke-hoach/{p.pk}/trang-thai/", {"action": "approve"}),
     {"province_leader"}),
    ("issue", "approved", lambda c, p: c.post(f"/ke-hoach/{p.pk}/trang-thai/", {
        "action": "issue", "number": "07/KH-UBND", "issued_on": "2026-01-05"}), {"province_officer"}),
]


@pytest.mark.parametrize("step", PROVINCE_PLAN_STEPS, ids=lambda s: f"province_plan.{s[0]}")
def test_the_province_plan_steps_follow_the_map(step, province, province_officer, province_leader, viewer_province,
                                                officer_other_province, officer_a):
    from tuyentruyen.plans.models import PlanRevision

    action, status, request, allowed_roles = step
    plan = create_plan(province=province, document=empty_document(title="Kế hoạch của tỉnh"), user=province_officer)
    actors = {"province_officer": province_officer, "province_leader": province_leader,
              "viewer_province": viewer_province, "officer_other_province": officer_other_province,
              "officer_a": officer_a}
    wrong = []
    for name, user in actors.items():
        # audit: test set-up, the revision is put back in the state the step starts from
        PlanRevision._base_manager.filter(plan=plan).update(status=status)
        predicted = (plans_access.can_edit_plan(user, plan) if action == "edit"
                     else plans_access.can_transition_plan(user, plan, action))
        expected = name in allowed_roles
        if predicted != expected:
            wrong.append(f"{name} {action}: the map says {predicted}, the table {expected}")
        response = request(client_for(user), plan)
        if expected and response.status_code not in (200, 302):
            wrong.append(f"{name} {action}: refused ({response.status_code}), should be allowed")
        if not expected and response.status_code not in (403, 404):
            wrong.append(f"{name} {action}: allowed ({response.status_code}), should be refused")
    assert not wrong, "\n".join(wrong)
