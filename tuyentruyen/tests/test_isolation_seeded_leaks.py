"""The isolation walk must fail when it should: each test seeds one realistic leak (a view or a queryset
monkeypatched the way a careless change would write it) and asserts that the walk of the affected URLs
reports it, naming the URL, the kind of probe and what leaked. The unseeded walk of the same URLs is clean
(test_tenant_isolation.py), so each report here is the seeded leak's."""

import pytest
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import scopes_disabled

from .test_tenant_isolation import build_world
from .walker import docx_as_pdf, routes_named, run_walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(officer_a, officer_b, every_role_a, monkeypatch):
    docx_as_pdf(monkeypatch)

    def run(apps, *route_names):
        world = build_world(officer_a, officer_b, only={f"tuyentruyen.{app}" for app in apps})
        return world, run_walk(client_for(every_role_a), world, routes_named(*route_names))

    return run


def assert_reported(findings, route, reason, kind=""):
    hits = [f for f in findings if f.probe.route.name == route and reason in f.reason and kind in f.probe.kind]
    assert hits, f"the walk missed the seeded leak on {route} ({reason}, {kind}); it reported:\n" + (
        "\n".join(str(f) for f in findings) or "nothing")
    return hits


def loose_get_object_or_404(model, **lookup):
    """The careless lookup: the object by its id across communes, forgetting its parent (the commune, the
    feedback, the survey) but keeping the other conditions."""
    from django.db.models import Model

    model = getattr(model, "model", model)  # a queryset was given
    kept = {k: v for k, v in lookup.items() if not isinstance(v, Model)}
    with scopes_disabled():
        obj = model.objects.filter(**kept).first()
    if obj is None:
        raise Http404
    return obj


def test_evidence_file_of_b_served_to_a(walk, monkeypatch):
    from tuyentruyen.work import views
    from tuyentruyen.work.models import Evidence

    def find_evidence(request, evidence_id):
        with scopes_disabled():
            return Evidence.objects.get(pk=evidence_id)

    monkeypatch.setattr(views, "_find_evidence", find_evidence)
    _, findings = walk(["plans", "work"], "work:evidence", "work:evidence_thumbnail")
    assert_reported(findings, "work:evidence", "serves a file of commune B", "B's objects")
    assert_reported(findings, "work:evidence_thumbnail", "serves a file of commune B", "B's objects")


def test_xlsx_export_covering_every_commune(walk, monkeypatch):
    from tuyentruyen.work import views
    from tuyentruyen.work.models import Activity

    def every_commune(request):
        with scopes_disabled():
            return None, Activity.objects.all()

    monkeypatch.setattr(views, "_filtered_activities", every_commune)
    _, findings = walk(["plans", "work"], "work:activity_export")
    [hit, *_] = assert_reported(findings, "work:activity_export", "shows commune B's text", "plain")
    assert hit.probe.path == "/hoat-dong/xuat.xlsx"  # the format came from the view's declaration


def test_feedback_attachment_not_tied_to_its_feedback(walk, monkeypatch):
    from tuyentruyen.engagement import views

    monkeypatch.setattr(views, "get_object_or_404", loose_get_object_or_404)
    world, findings = walk(["engagement"], "engagement:feedback_attachment")
    [hit, *_] = assert_reported(findings, "engagement:feedback_attachment", "serves a file of commune B",
                                "A's objects, B's attachment_id")
    assert hit.probe.path.startswith(f"/phan-anh-kien-nghi/{world.a.feedback.pk}/")


def test_survey_question_not_tied_to_its_survey(walk, monkeypatch):
    from tuyentruyen.engagement import views

    monkeypatch.setattr(views, "get_object_or_404", loose_get_object_or_404)
    world, findings = walk(["engagement", "procedures"], "engagement:question_edit")
    [hit, *_] = assert_reported(findings, "engagement:question_edit", "not a refusal", "A's objects, B's question_id")
    # the survey's question, not the procedures app's unanswered question of the same parameter name
    assert hit.probe.path == f"/khao-sat/{world.a.survey.pk}/cau-hoi/{world.b.survey_question.pk}/sua/"


def test_unscoped_manager(walk, monkeypatch):
    from tuyentruyen.work.models import Task

    monkeypatch.setattr(type(Task.objects), "get_queryset", lambda self: QuerySet(self.model, using=self._db))
    _, findings = walk(["plans", "work"], "work:task_list")
    assert_reported(findings, "work:task_list", "shows commune B's text", "plain")


def test_list_page_showing_b_title(walk, monkeypatch):
    from tuyentruyen.portal import access
    from tuyentruyen.portal.models import Article

    def every_article(user):
        with scopes_disabled():
            return Article.objects.all()

    monkeypatch.setattr(access, "visible_articles", every_article)
    _, findings = walk(["portal"], "portal:articles")
    assert_reported(findings, "portal:articles", "shows commune B's text", "plain")


def test_download_of_a_plan_carrying_b_rows(walk, monkeypatch):
    from tuyentruyen.plans import views
    from tuyentruyen.plans.models import PlanRevision

    def newest_revision_anywhere(plan, number=None, user=None):
        with scopes_disabled():
            return PlanRevision.objects.order_by("-pk").first()  # B's plan was made last

    monkeypatch.setattr(views, "get_revision", newest_revision_anywhere)
    world, findings = walk(["plans"], "plans:download")
    hits = assert_reported(findings, "plans:download", "shows commune B's text", "B's ids in the query")
    # A's own plan, every format the view declares (PDF walked through its DOCX text)
    assert {h.probe.path for h in hits} >= {f"/ke-hoach/{world.a.plan.pk}/tai-ve.docx",
                                             f"/ke-hoach/{world.a.plan.pk}/tai-ve.pdf"}


def test_post_that_edits_b_object_then_answers_404(walk, monkeypatch):
    from tuyentruyen.notifications import views
    from tuyentruyen.notifications.models import Notification

    def mark_read_anywhere(user, notification_id):
        with scopes_disabled():
            Notification.objects.filter(pk=notification_id).update(read_at=timezone.now())
        raise Http404  # the answer looks right; the write already happened

    monkeypatch.setattr(views.services, "mark_read", mark_read_anywhere)
    _, findings = walk(["notifications"], "notifications:mark_read")
    [hit] = assert_reported(findings, "notifications:mark_read", "changed notifications.Notification", "B's objects")
    assert hit.probe.method == "post"


def test_public_page_under_a_slug_showing_b_item(walk, monkeypatch):
    from tuyentruyen.engagement import public_views

    monkeypatch.setattr(public_views, "get_object_or_404", loose_get_object_or_404)
    world, findings = walk(["engagement"], "engagement_public:survey")
    [hit, *_] = assert_reported(findings, "engagement_public:survey", "shows commune B's text", "B's objects")
    assert hit.probe.path == f"/{world.a.commune.slug}/khao-sat/{world.b.survey.pk}/"


def test_commune_user_changing_the_shared_catalogue(walk, monkeypatch):
    from tuyentruyen.procedures import views
    from tuyentruyen.procedures.models import Procedure

    publish = views.services.publish

    def publish_and_rename(commune, codes, user):
        Procedure.objects.filter(code__in=codes).update(name="Tên do một xã sửa")  # every commune sees it
        return publish(commune, codes, user)

    monkeypatch.setattr(views.services, "publish", publish_and_rename)
    _, findings = walk(["procedures"], "procedures:publish")
    assert_reported(findings, "procedures:publish", "changed procedures.Procedure", "B's ids in the body")


def test_b_id_in_the_query_string(walk, monkeypatch):
    from tuyentruyen.work import access, forms, views
    from tuyentruyen.work.models import Task

    def tasks_of_any_plan(request):
        tasks = access.visible_tasks(request.user)
        if request.GET.get("plan", "").isdigit():
            with scopes_disabled():
                tasks = Task.objects.filter(plan_id=int(request.GET["plan"]))
        return forms.TaskFilterForm(None, commune=request.user.commune), tasks

    monkeypatch.setattr(views, "_filtered_tasks", tasks_of_any_plan)
    _, findings = walk(["plans", "work"], "work:task_list")
    assert_reported(findings, "work:task_list", "shows commune B's text", "B's ids in the query")
    assert not [f for f in findings if f.probe.kind == "plain"]  # only B's id in the query string shows it


def test_a_task_given_to_b_unit(walk, monkeypatch):
    from tuyentruyen.localities.models import Unit
    from tuyentruyen.work import forms, views

    original = forms.ReassignForm.__init__

    def any_commune_units(self, *args, commune, **kwargs):
        original(self, *args, commune=commune, **kwargs)
        with scopes_disabled():
            self.fields["lead_unit"].queryset = Unit.objects.all()
            self.fields["coordinating_units"].queryset = Unit.objects.all()
        self.fields["weight"].required = False

    def careless_reassign(task, *, lead_unit, coordinating_units=(), user=None):  # no "unit of this commune?"
        task.lead_unit = lead_unit
        task.save(update_fields=["lead_unit"])
        task.coordinating_units.set(coordinating_units)

    monkeypatch.setattr(forms.ReassignForm, "__init__", any_commune_units)
    monkeypatch.setattr(views.services, "reassign_task", careless_reassign)
    monkeypatch.setattr(views.services, "set_task_weight", lambda task, weight: task)
    world, findings = walk(["plans", "work"], "work:reassign_task")
    [hit] = assert_reported(findings, "work:reassign_task", "linked commune A's rows to commune B's",
                            "B's ids in the body")
    assert f"work.Task #{world.a.task.pk}.lead_unit" in hit.reason
