"""Pages for tasks, activities, evidence, Excel import/export and coverage. Thin: check the role, call a
reading helper (``access``, ``queries``) or a service, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tuyentruyen.accounts.permissions import access_required
from tuyentruyen.jobs.heartbeat import worker_alive
from tuyentruyen.lib.documents import document_response, offers_formats
from tuyentruyen.lib.files import clean_file_name
from tuyentruyen.lib.service_worker import script_version, worker_response
from tuyentruyen.lib.tenancy import scopes_disabled
from tuyentruyen.plans.models import Plan
from tuyentruyen.web.once import once_per_token

from . import access, forms, imports, queries, services, xlsx
from . import evidence as evidence_files
from .evidence import EvidenceError
from .models import OPEN_STATUSES, ActivityKind, Evidence, ImportJob, TaskOccurrence, TaskStatus

PAGE_SIZE = 50


def _commune(request):
    return request.user.commune


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("trang"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("trang", None)
    return params.urlencode()


# --- tasks -----------------------------------------------------------------------------------------
def _filtered_tasks(request):
    form = forms.TaskFilterForm(request.GET or None, commune=_commune(request))
    tasks = access.visible_tasks(request.user)
    if request.GET.get("cua-toi"):
        mine = Q(assignee=request.user)
        tasks = tasks.filter(mine | Q(lead_unit_id=request.user.unit_id) if request.user.unit_id else mine)
    if form.is_valid():
        tasks = queries.filter_tasks(tasks, form.cleaned_data)
    return form, tasks


@access_required(access.can_view_tasks)
def task_list(request):
    form, tasks = _filtered_tasks(request)
    page = _page(request, tasks.select_related("plan", "lead_unit", "assignee")
                 .prefetch_related("coordinating_units").order_by("current_due", "plan_id", "position", "pk"))
    return render(request, "work/task/list.html", {
        "form": form, "page": page, "query": _query_without_page(request), "nav_current": "work:task_list",
        "can_manage": access.can_manage_tasks(request.user), "mine": bool(request.GET.get("cua-toi")),
        "can_summary": access.reads_whole_commune(request.user),
        "groups": queries.group_progress(tasks) if request.GET.get("plan") else {},
    })


@access_required(access.can_view_tasks)
@offers_formats("xlsx")  # the only format; the URL names it so the file saves with its extension
def task_export(request, fmt: str):
    _, tasks = _filtered_tasks(request)
    return document_response(xlsx.export_tasks(_commune(request), tasks.order_by("plan_id", "position", "pk")))


@access_required(access.reads_whole_commune)
def task_summary(request):
    tasks = access.visible_tasks(request.user)
    plan_id = request.GET.get("plan")
    if plan_id and plan_id.isdigit():
        tasks = tasks.filter(plan_id=int(plan_id))
    return render(request, "work/task/summary.html", {
        "summary": queries.task_summary(tasks), "nav_current": "work:task_list",
        "plans": Plan.objects.filter(commune=_commune(request)).order_by("-period_start", "-id"),
    })


@access_required(access.can_view_tasks)
def task_detail(request, task_id: int):
    task = access.get_task_for_user(request.user, task_id)
    commune = _commune(request) or task.commune
    can_update = access.can_update_task(request.user, task)
    can_manage = access.can_manage_tasks(request.user)
    context = {
        "task": task, "can_update": can_update and task.status != TaskStatus.CANCELLED, "can_manage": can_manage,
        "occurrences": task.occurrences.all(), "milestones": task.milestones.select_related("created_by"),
        "evidence": task.evidence.all(), "parts": task.parts.select_related("lead_unit"),
        "coordinating": task.coordinating_units.all(),
        "activities": access.visible_activities(request.user).filter(task=task).select_related("kind", "unit")[:20],
        "progress_form": forms.ProgressForm(initial={"progress": task.progress}),
        "milestone_form": forms.MilestoneForm(initial={"date": timezone.localdate()}),
        "nav_current": "work:task_list", "status_choices": TaskStatus.choices,
        "can_assign": access.can_assign_task(request.user, task) and task.status != TaskStatus.CANCELLED,
    }
    if context["can_assign"]:
        context["assign_form"] = forms.AssignForm(people=access.assignable_people(task),
                                                  initial={"assignee": task.assignee_id})
    if can_manage:
        context.update({
            "cancel_form": forms.CancelForm(),
            "trigger_form": forms.TriggerForm(),
            "reassign_form": forms.ReassignForm(commune=commune, initial={
                "lead_unit": task.lead_unit_id, "coordinating_units": [u.pk for u in context["coordinating"]],
                "weight": task.weight}),
            "split_form": forms.SplitForm(commune=commune),
        })
    return render(request, "work/task/detail.html", context)


def _back_to_task(task):
    return redirect("work:task_detail", task_id=task.pk)


def _refuse(request, exc):
    messages.error(request, exc.message)


@require_POST
@access_required(access.can_view_tasks)
def update_progress(request, task_id: int):
    task = access.get_task_for_update(request.user, task_id)
    form = forms.ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Tiến độ phải là số từ 0 đến 100.")
        return _back_to_task(task)
    try:
        services.update_task_progress(task, progress=form.cleaned_data["progress"], note=form.cleaned_data["note"],
                                      files=form.cleaned_data["files"], user=request.user)
        messages.success(request, "Đã cập nhật tiến độ.")
    except (services.WorkError, EvidenceError) as exc:
        _refuse(request, exc)
    return _back_to_task(task)


@require_POST
@access_required(access.can_view_tasks)
@once_per_token
def add_milestone(request, task_id: int):
    task = access.get_task_for_update(request.user, task_id)
    form = forms.MilestoneForm(request.POST)
    if form.is_valid():
        services.add_milestone(task, day=form.cleaned_data["date"], note=form.cleaned_data["note"], user=request.user)
        messages.success(request, "Đã thêm mốc thực hiện.")
    else:
        messages.error(request, "Mốc cần ngày và nội dung.")
    return _back_to_task(task)


@require_POST
@access_required(access.can_view_tasks)
def update_occurrence(request, task_id: int, occurrence_id: int):
    task = access.get_task_for_update(request.user, task_id)
    occurrence = get_object_or_404(TaskOccurrence, pk=occurrence_id, task=task)
    form = forms.OccurrenceForm(request.POST)
    if form.is_valid():
        services.update_occurrence(occurrence, status=form.cleaned_data["status"], note=form.cleaned_data["note"],
                                   user=request.user)
        messages.success(request, f"Đã cập nhật kỳ {occurrence.label}.")
    return _back_to_task(task)


@require_POST
@access_required(access.can_manage_tasks)
def cancel_task(request, task_id: int):
    task = access.get_task_for_manager(request.user, task_id)
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        services.cancel_task(task, reason=form.cleaned_data["reason"], user=request.user)
        messages.success(request, "Đã hủy nhiệm vụ.")
    else:
        messages.error(request, "Hủy nhiệm vụ cần ghi lý do.")
    return _back_to_task(task)


@require_POST
@access_required(access.can_manage_tasks)
def reopen_task(request, task_id: int):
    task = access.get_task_for_manager(request.user, task_id)
    services.reopen_task(task, user=request.user)
    messages.success(request, "Đã mở lại nhiệm vụ.")
    return _back_to_task(task)


@require_POST
@access_required(access.can_view_tasks)
def assign_task(request, task_id: int):
    task = access.get_task_for_assigning(request.user, task_id)
    form = forms.AssignForm(request.POST, people=access.assignable_people(task))
    if not form.is_valid():
        messages.error(request, "Hãy chọn một người của đơn vị chủ trì.")
        return _back_to_task(task)
    try:
        services.assign_task(task, form.cleaned_data["assignee"], user=request.user)
    except services.WorkError as exc:
        _refuse(request, exc)
    else:
        person = form.cleaned_data["assignee"]
        messages.success(request, f"Đã giao nhiệm vụ cho {person}."
                         if person else "Nhiệm vụ đã trở lại cho cả đơn vị.")
    return _back_to_task(task)


@require_POST
@access_required(access.can_manage_tasks)
def reassign_task(request, task_id: int):
    task = access.get_task_for_manager(request.user, task_id)
    form = forms.ReassignForm(request.POST, commune=_commune(request))
    if form.is_valid():
        services.reassign_task(task, lead_unit=form.cleaned_data["lead_unit"],
                               coordinating_units=form.cleaned_data["coordinating_units"], user=request.user)
        services.set_task_weight(task, form.cleaned_data["weight"])
        messages.success(request, "Đã giao lại nhiệm vụ.")
    else:
        messages.error(request, "Thông tin giao việc không hợp lệ.")
    return _back_to_task(task)


@require_POST
@access_required(access.can_manage_tasks)
@once_per_token
def split_task(request, task_id: int):
    task = access.get_task_for_manager(request.user, task_id)
    form = forms.SplitForm(request.POST, commune=_commune(request))
    if form.is_valid():
        try:
            parts = services.split_task(task, parts=form.part_list(), user=request.user)
            messages.success(request, f"Đã tách thành {len(parts)} nhiệm vụ.")
        except services.WorkError as exc:
            _refuse(request, exc)
    return _back_to_task(task)


@require_POST
@access_required(access.can_manage_tasks)
def record_trigger(request, task_id: int):
    task = access.get_task_for_manager(request.user, task_id)
    form = forms.TriggerForm(request.POST)
    if form.is_valid():
        try:
            services.record_trigger(task, on=form.cleaned_data["on"], due=form.cleaned_data["due"], user=request.user)
            messages.success(request, "Đã ghi nhận điều kiện; nhiệm vụ đã có hạn.")
        except services.WorkError as exc:
            _refuse(request, exc)
    else:
        messages.error(request, "Hãy nhập ngày có điều kiện.")
    return _back_to_task(task)


@access_required(access.can_manage_tasks)
@once_per_token
def add_task(request):
    commune = _commune(request)
    form = forms.TaskForm(request.POST or None, commune=commune, initial={"plan": request.GET.get("plan")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.add_task(commune, title=data["title"], plan=data["plan"], group=data["group"],
                                     lead_unit=data["lead_unit"], coordinating_units=data["coordinating_units"],
                                     start=data["start"], due=data["due"], recurrence=data["recurrence"],
                                     trigger=data["trigger"], deliverable=data["deliverable"], weight=data["weight"],
                                     user=request.user)
            messages.success(request, "Đã thêm nhiệm vụ.")
            return _back_to_task(task)
        except services.WorkError as exc:
            form.add_error(None, exc.message)
    return render(request, "work/task/add.html", {"form": form, "nav_current": "work:task_list"})


# --- activities ------------------------------------------------------------------------------------
def _filtered_activities(request):
    form = forms.ActivityFilterForm(request.GET or None, commune=_commune(request))
    activities = access.visible_activities(request.user)
    if form.is_valid():
        activities = queries.filter_activities(activities, form.cleaned_data)
    return form, activities


@access_required(access.can_view_activities)
def activity_list(request):
    form, activities = _filtered_activities(request)
    page = _page(request, activities.select_related("kind", "unit").order_by("-date", "-pk"))
    return render(request, "work/activity/list.html", {
        "form": form, "page": page, "query": _query_without_page(request), "nav_current": "work:activity_list",
        "can_record": access.can_record_activities(request.user),
        "can_manage": access.can_manage_tasks(request.user),
    })


@access_required(access.can_view_activities)
@offers_formats("xlsx")
def activity_export(request, fmt: str):
    _, activities = _filtered_activities(request)
    return document_response(xlsx.export_activities(_commune(request), activities.order_by("-date", "-pk")))


def _recordable_tasks(user):
    tasks = access.visible_tasks(user).filter(status__in=OPEN_STATUSES)
    if not access.is_cchc_manager(user):
        tasks = tasks.filter(lead_unit_id=user.unit_id)
    return tasks.order_by("current_due", "pk")


def _save_from_form(request, form, activity=None):
    data = form.cleaned_data
    commune = _commune(request)
    unit = data.get("unit") if "unit" in form.fields else (activity.unit if activity else request.user.unit)
    files = [*data.get("photos", []), *data.get("files", [])]
    fields = dict(
        kind=data["kind"], title=data["title"], day=data["date"], day_end=data["date_end"], unit=unit,
        channel=data["channel"], quantity=data["quantity"], quantity_unit=data["quantity_unit"],
        reach=data["reach"], topics=data["topics"], links=data["links"], audience=data["audience"],
        place=data["place"], task=data["task"], task_progress=data["task_progress"],
        is_public=data["is_public"], user=request.user,
        outside_plan_period=data["outside_plan_period"], confirm_late=data["confirm_late"],
    )
    try:
        if activity is None and data.get("client_uuid"):  # kept on the device while it had no signal
            saved, _ = services.save_activity_once(commune, client_uuid=data["client_uuid"], files=files, **fields)
        else:
            saved = services.save_activity(commune, activity=activity, **fields)
            services.add_evidence_files(commune, files, activity=saved, user=request.user,
                                        is_public=data["is_public"])
    except services.LateEntryNeedsConfirmation as exc:
        form.add_error(None, exc.message)
        form.asking_late = True
        return None
    except (services.WorkError, EvidenceError) as exc:
        form.add_error(None, exc.message)
        return None
    return saved


def _queued_answer(form, activity):
    """The answer to an entry sent by the offline queue (offline-queue.js): JSON, so the device knows
    whether to forget the entry or show why it was refused."""
    if activity is not None:
        return JsonResponse({"url": reverse("work:activity_detail", args=[activity.pk])})
    errors = [f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
              for name, field_errors in form.errors.items() for error in field_errors]
    return JsonResponse({"errors": errors, "asking_late": form.asking_late}, status=400)


@access_required(access.can_record_activities)
@once_per_token
def activity_create(request):
    commune = _commune(request)
    services.ensure_kinds(commune)
    unit_bound = not access.is_cchc_manager(request.user)
    # Every entry starts empty (today's date aside): values carried over from the previous entry, folded
    # out of sight under "Thêm chi tiết", were saved with the next activity without anyone choosing them.
    initial = {}
    if request.GET.get("task"):
        initial["task"] = request.GET["task"]
    form = forms.ActivityForm(request.POST or None, request.FILES or None, commune=commune,
                              tasks=_recordable_tasks(request.user), unit_bound=unit_bound, initial=initial)
    # offline-queue.js sends the form with fetch ("form") and replays the entries it kept ("1")
    sent_by = request.headers.get("X-Offline-Queue") if request.method == "POST" else None
    activity = None
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the activity and its files together, or neither
            activity = _save_from_form(request, form)
            if activity is None:
                transaction.set_rollback(True)
    if sent_by == "1":
        return _queued_answer(form, activity)
    if activity is not None:
        messages.success(request, "Đã ghi nhận hoạt động.")
        if sent_by == "form":  # the script opens the page itself: a redirect followed by fetch would be lost
            return _queued_answer(form, activity)
        return redirect("work:activity_detail", activity_id=activity.pk)
    # Refused: the form with its errors, as always; sent by the script, with a status that says so.
    return render(request, "work/activity/form.html", {
        "form": form, "nav_current": "work:activity_list", "creating": True,
        "kind_units": dict(ActivityKind.objects.filter(commune=commune).values_list("pk", "quantity_unit")),
    }, status=400 if sent_by == "form" else 200)


STAFF_WORKER = "work/offline/sw-staff.js"
STAFF_WORKER_FILES = ("web/site.css", "vendor/htmx-2.0.7.min.js", "work/activity-form.js", "work/offline-queue.js")


@access_required(access.can_record_activities)
def staff_worker(request):
    """The service worker that lets the activity form open with no signal (work/offline/sw-staff.js)."""
    files = [static(name) for name in STAFF_WORKER_FILES]
    version = script_version(STAFF_WORKER, files)
    config = {
        "cache": f"tuyentruyen-staff-{version}", "cachePrefix": "tuyentruyen-staff-",
        "form": reverse("work:activity_create"), "files": files, "css": static("web/site.css"),
        "text": {"title": "Bạn đang ngoại tuyến",
                 "body": "Trang này cần có mạng. Hoạt động ghi khi không có mạng được lưu trên máy và tự gửi khi có sóng.",
                 "link": "Ghi hoạt động"},
    }
    return worker_response(STAFF_WORKER, config)


@access_required(access.can_view_activities)
def activity_edit(request, activity_id: int):
    activity = access.get_activity_for_edit(request.user, activity_id)
    commune = _commune(request)
    initial = {"kind": activity.kind_id, "date": activity.date, "date_end": activity.date_end, "title": activity.title,
               "unit": activity.unit_id, "topics": list(activity.topics.values_list("pk", flat=True)),
               "quantity": activity.quantity, "quantity_unit": activity.quantity_unit, "reach": activity.reach,
               "channel": activity.channel, "audience": activity.audience, "place": activity.place,
               "task": activity.task_id, "is_public": activity.is_public,
               "outside_plan_period": activity.outside_plan_period}
    form = forms.ActivityForm(request.POST or None, request.FILES or None, commune=commune,
                              tasks=_recordable_tasks(request.user), unit_bound=not access.is_cchc_manager(request.user),
                              initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = _save_from_form(request, form, activity)
            if saved is None:
                transaction.set_rollback(True)
        if saved is not None:
            messages.success(request, "Đã lưu hoạt động.")
            return redirect("work:activity_detail", activity_id=activity.pk)
    return render(request, "work/activity/form.html", {
        "form": form, "activity": activity, "nav_current": "work:activity_list",
        "kind_units": dict(ActivityKind.objects.filter(commune=commune).values_list("pk", "quantity_unit")),
    })


@access_required(access.can_view_activities)
def activity_detail(request, activity_id: int):
    activity = access.get_activity_for_user(request.user, activity_id, include_deleted=True)
    return render(request, "work/activity/detail.html", {
        "activity": activity, "topics": activity.topics.select_related("plan"),
        "evidence": activity.evidence.all(), "can_edit": access.can_edit_activity(request.user, activity),
        "evidence_form": forms.EvidenceForm(), "nav_current": "work:activity_list",
    })


@require_POST
@access_required(access.can_view_activities)
def delete_activity(request, activity_id: int):
    activity = access.get_activity_for_edit(request.user, activity_id)
    services.delete_activity(activity, user=request.user)
    messages.success(request, f"Đã xóa hoạt động “{activity.title}”. Có thể khôi phục trong "
                              f"{services.RESTORE_DAYS} ngày ở mục “Hoạt động đã xóa”.")
    return redirect("work:activity_list")


@require_POST
@access_required(access.can_view_activities)
def restore_activity(request, activity_id: int):
    activity = access.get_activity_for_edit(request.user, activity_id, include_deleted=True)
    services.restore_activity(activity, user=request.user)
    messages.success(request, "Đã khôi phục hoạt động.")
    return redirect("work:activity_detail", activity_id=activity.pk)


@access_required(access.can_record_activities)
def deleted_activities(request):
    activities = access.visible_activities(request.user, deleted=True).select_related("kind", "unit")
    return render(request, "work/activity/deleted.html", {
        "page": _page(request, activities.order_by("-deleted_at")), "restore_days": services.RESTORE_DAYS,
        "nav_current": "work:activity_list",
    })


# --- evidence --------------------------------------------------------------------------------------
@require_POST
@access_required(access.can_view_activities)
@once_per_token
def add_evidence(request, activity_id: int):
    activity = access.get_activity_for_edit(request.user, activity_id)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("work:activity_detail", activity_id=activity.pk)
    commune = _commune(request)
    try:
        stored = services.add_evidence_files(commune, form.cleaned_data["files"], activity=activity,
                                             user=request.user, is_public=activity.is_public)
        for url in form.cleaned_data["links"]:
            services.add_evidence_link(commune, url, activity=activity, user=request.user,
                                       is_public=activity.is_public)
        messages.success(request, f"Đã thêm {len(stored) + len(form.cleaned_data['links'])} minh chứng.")
    except (services.WorkError, EvidenceError) as exc:
        _refuse(request, exc)
    return redirect("work:activity_detail", activity_id=activity.pk)


def _evidence_for_edit(request, evidence_id):
    evidence = get_object_or_404(Evidence.objects.select_related("activity", "task"), pk=evidence_id)
    if evidence.activity_id:
        access.get_activity_for_edit(request.user, evidence.activity_id)
    else:
        access.get_task_for_update(request.user, evidence.task_id)
    return evidence


def _back_from_evidence(evidence):
    if evidence.activity_id:
        return redirect("work:activity_detail", activity_id=evidence.activity_id)
    return redirect("work:task_detail", task_id=evidence.task_id)


@require_http_methods(["GET", "POST"])
@access_required(access.can_view_activities)
def remove_evidence(request, evidence_id: int):
    """Asks first: the page says what will be removed; only its own form (``xac_nhan``) removes it."""
    evidence = _evidence_for_edit(request, evidence_id)
    if request.method == "POST" and request.POST.get("xac_nhan") == "go":
        services.remove_evidence(evidence)
        messages.success(request, "Đã gỡ minh chứng.")
        return _back_from_evidence(evidence)
    return render(request, "work/activity/evidence_remove.html",
                  {"evidence": evidence, "back": _back_from_evidence(evidence).url})


@require_POST
@access_required(access.can_view_activities)
def toggle_evidence_public(request, evidence_id: int):
    evidence = _evidence_for_edit(request, evidence_id)
    services.set_evidence_public(evidence, not evidence.is_public)
    return _back_from_evidence(evidence)


def _find_evidence(request, evidence_id):
    """The user's own commune's evidence (scope), else a public piece of any commune: public evidence of a
    public activity is meant for everyone, so this lookup crosses tenants on purpose."""
    evidence = Evidence.objects.select_related("activity").filter(pk=evidence_id).first()
    if evidence is None:
        with scopes_disabled():
            evidence = Evidence.objects.select_related("activity").filter(
                pk=evidence_id, is_public=True, activity__is_public=True, activity__deleted_at__isnull=True).first()
    if evidence is None or evidence.kind != "file":
        raise Http404("Không có minh chứng này.")
    if not access.can_see_evidence(request.user, evidence):
        if not request.user.is_authenticated:
            raise Http404("Không có minh chứng này.")
        raise PermissionDenied("Bạn không có quyền xem minh chứng này.")
    return evidence


def _file_response(storage_name, content_type, filename, inline=True):
    """Streamed from the storage after the permission check (no signed URL: see docs/deploy.md)."""
    try:
        handle = evidence_files.open_stored(storage_name)
    except FileNotFoundError as exc:
        raise Http404("Tệp minh chứng không còn.") from exc
    # names stored before names were cleaned may still carry a right-to-left override: clean them again
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline,
                            filename=clean_file_name(filename))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def serve_evidence(request, evidence_id: int):
    evidence = _find_evidence(request, evidence_id)
    inline = evidence.is_image or evidence.content_type in ("application/pdf", "audio/mpeg", "video/mp4", "audio/mp4")
    return _file_response(evidence.storage_name, evidence.content_type, evidence.original_name, inline)


def serve_thumbnail(request, evidence_id: int):
    evidence = _find_evidence(request, evidence_id)
    if not evidence.thumbnail_name:
        raise Http404("Không có ảnh thu nhỏ.")
    return _file_response(evidence.thumbnail_name, "image/jpeg", "thumb.jpg")


# --- Excel -----------------------------------------------------------------------------------------
IMPORT_KINDS = {
    "activities": {"label": "hoạt động", "list": "work:activity_list"},
    "tasks": {"label": "nhiệm vụ", "list": "work:task_list"},
}


def _check_import_role(request, kind):
    if not access.can_import(request.user, kind):
        raise PermissionDenied("Bạn không có quyền nhập dữ liệu này.")


@access_required(access.can_record_activities)
@offers_formats("xlsx")
def download_template(request, import_kind: str, fmt: str):
    kind = import_kind
    if kind not in IMPORT_KINDS:
        raise Http404
    _check_import_role(request, kind)
    commune = _commune(request)
    return document_response(xlsx.activity_template(commune) if kind == "activities" else xlsx.task_template(commune))


@access_required(access.can_record_activities)
def import_upload(request, import_kind: str):
    kind = import_kind
    if kind not in IMPORT_KINDS:
        raise Http404
    _check_import_role(request, kind)
    commune = _commune(request)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "kind": kind, "meta": IMPORT_KINDS[kind], "nav_current": IMPORT_KINDS[kind]["list"],
               "jobs": ImportJob.objects.filter(kind=kind, created_by=request.user)[:5]}
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > imports.MAX_UPLOAD_MB * 1024 * 1024:
            context["refused"] = f"Tệp nặng quá {imports.MAX_UPLOAD_MB} MB. Hãy chia nhỏ tệp."
            return render(request, "work/import/upload.html", context, status=400)
        rows = imports.count_rows(uploaded, limit=imports.background_rows(commune))
        if rows > imports.background_rows(commune):
            job = imports.start_background_import(commune, request.user, kind, uploaded, rows)
            return redirect("work:import_status", job_id=job.pk)
        try:
            result = imports.run_import(commune, request.user, kind, uploaded)
        except xlsx.XlsxRefused as exc:
            context["refused"] = exc.message
            return render(request, "work/import/upload.html", context, status=400)
        if result.get("errors"):
            context["errors"] = result["errors"]
            return render(request, "work/import/upload.html", context, status=400)
        messages.success(request, f"Đã nhập {result['rows']} dòng: {result['created']} {IMPORT_KINDS[kind]['label']} "
                                  f"mới, {result['updated']} cập nhật, {result.get('unchanged', 0)} không đổi.")
        return redirect(IMPORT_KINDS[kind]["list"])
    return render(request, "work/import/upload.html", context)


@access_required(access.can_record_activities)
def import_status(request, job_id: int):
    job = get_object_or_404(ImportJob, pk=job_id)
    if job.created_by_id != request.user.pk and not access.is_cchc_manager(request.user):
        raise PermissionDenied(access.DENIED)
    template = "work/import/_progress.html" if request.headers.get("HX-Request") else "work/import/status.html"
    return render(request, template, {"job": job, "meta": IMPORT_KINDS[job.kind], "kind": job.kind,
                                      "nav_current": IMPORT_KINDS[job.kind]["list"],
                                      "worker_down": not job.finished and not worker_alive()})


# --- coverage --------------------------------------------------------------------------------------
@access_required(access.can_view_activities)
def coverage(request, plan_id: int):
    plan = get_object_or_404(Plan.objects.filter(commune=_commune(request)), pk=plan_id)
    context = {"coverage": queries.coverage_for_plan(plan), "plan": plan, "nav_current": "work:activity_list",
               "activity_list_url": reverse("work:activity_list") + "?" + urlencode({"plan": plan.pk})}
    if request.headers.get("HX-Request") or request.GET.get("phan"):
        return render(request, "work/coverage/_table.html", context)
    return render(request, "work/coverage/page.html", context)


# --- kinds -----------------------------------------------------------------------------------------
@access_required(access.can_manage_tasks)
def kind_list(request):
    commune = _commune(request)
    services.ensure_kinds(commune)
    form = forms.KindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_kind(commune, **form.cleaned_data)
            messages.success(request, "Đã thêm hình thức.")
            return redirect("work:kind_list")
        except services.WorkError as exc:
            form.add_error(None, exc.message)
    return render(request, "work/kind/list.html", {
        "kinds": ActivityKind.objects.filter(commune=commune), "form": form, "nav_current": "work:activity_list"})


@access_required(access.can_manage_tasks)
def kind_edit(request, kind_id: int):
    commune = _commune(request)
    kind = get_object_or_404(ActivityKind, pk=kind_id, commune=commune)
    form = forms.KindForm(request.POST or None, initial={"name": kind.name, "quantity_unit": kind.quantity_unit,
                                                         "active": kind.active})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_kind(commune, kind=kind, **form.cleaned_data)
            messages.success(request, "Đã lưu hình thức.")
            return redirect("work:kind_list")
        except services.WorkError as exc:
            form.add_error(None, exc.message)
    return render(request, "work/kind/edit.html", {"kind": kind, "form": form, "nav_current": "work:activity_list"})

