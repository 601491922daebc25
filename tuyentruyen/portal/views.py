"""Staff pages: articles and their editorial workflow (/tin-bai/…), radio and loudspeakers (/phat-thanh/…)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuyentruyen.accounts.permissions import access_required
from tuyentruyen.lib.documents import offers_formats
from tuyentruyen.lib.errors import form_errors_text
from tuyentruyen.web.once import once_per_token

from . import access, services
from .forms import (
    AddArticlesForm,
    ArticleForm,
    BroadcastForm,
    BulletinForm,
    CategoryForm,
    NewBulletinForm,
    PictureForm,
    PronunciationsForm,
    ReturnForm,
    ScheduleForm,
    SlotForm,
)
from .images import MAX_UPLOAD_BYTES, PictureRejected
from .models import ArticlePicture, ArticleStatus, AudioStatus, BroadcastSlot, Bulletin, NewsCategory
from .public_views import render_preview
from .rendering import render_body
from .script import estimated_minutes, format_minutes, word_count


def _commune(user):
    if not user.commune_id:
        raise PermissionDenied("Chức năng này dành cho cán bộ của xã.")
    return user.commune


# --- articles ---------------------------------------------------------------------------------------------
@access_required(access.can_write_articles)
def article_list(request):
    articles = access.visible_articles(request.user).select_related("author")
    status = request.GET.get("trang_thai", "")
    if status in ArticleStatus.values:
        articles = articles.filter(status=status)
    page = Paginator(articles.order_by("-updated_at", "-id"), 30).get_page(request.GET.get("trang"))
    return render(request, "portal/articles/list.html", {
        "page": page, "statuses": ArticleStatus.choices, "status": status, "is_editor": access.is_editor(request.user),
        "can_manage_categories": access.can_manage_news_categories(request.user),
    })


@access_required(access.can_write_articles)
@once_per_token
def new_article(request):
    commune = _commune(request.user)
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.create_article(commune, request.user, **form.article_fields())
        except services.WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã lưu bản nháp. Bấm “Sửa” để chèn ảnh vào nội dung.")
            return redirect("portal:article", article_id=article.pk)
    return render(request, "portal/articles/form.html", _form_context(form, None))


@require_POST
@access_required(access.can_write_articles)
@once_per_token
def save_new_draft(request):
    """A picture inserted into an article never saved: the editor's script saves the draft first, from the
    form as it stands (the same form, check and service as "Lưu"), then uploads into it and goes on
    editing it. It sends the form's one-time token, so a repeat (or "Lưu" sent with that token) is taken to
    this draft instead of making a second article."""
    commune = _commune(request.user)
    form = ArticleForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": "Chưa lưu được bản nháp để chèn ảnh: "
                                      + form_errors_text(form, labelled=True)}, status=400)
    try:
        article = services.create_article(commune, request.user, **form.article_fields())
    except services.WorkflowError as exc:
        return JsonResponse({"error": "Chưa lưu được bản nháp để chèn ảnh: " + exc.message}, status=400)
    edit_url = reverse("portal:edit_article", args=[article.pk])
    response = JsonResponse({"id": article.pk, "edit_url": edit_url,
                             "article_url": reverse("portal:article", args=[article.pk]),
                             "upload_url": reverse("portal:upload_picture", args=[article.pk])}, status=201)
    response["Location"] = edit_url  # where a repeated post with the same token is sent
    return response


def _form_context(form, article) -> dict:
    return {"form": form, "article": article, "max_upload": MAX_UPLOAD_BYTES,
            "upload_url": reverse("portal:upload_picture", args=[article.pk]) if article else "",
            "draft_url": "" if article else reverse("portal:save_new_draft")}


@access_required(access.can_write_articles)
def article_detail(request, article_id):
    article = access.get_article_for_user(request.user, article_id)
    pictures = list(article.pictures.all())
    return render(request, "portal/articles/detail.html", {
        "article": article,
        "pictures": [(p, services.picture_path(p, "1200.jpg")) for p in pictures],
        "body_html": render_body(article, pictures),
        "can_edit": access.can_edit_article(request.user, article),
        "is_editor": access.is_editor(request.user),
        "is_author": article.author_id == request.user.pk,
        "picture_form": PictureForm(),
        "return_form": ReturnForm(),
        "schedule_form": ScheduleForm(),
        "public_path": services.public_path(article.commune, "article", article_id=article.pk),
        "revision_count": article.revisions.count(),
    })


@access_required(access.can_write_articles)
def edit_article(request, article_id):
    article = access.get_article_for_user(request.user, article_id)
    if not access.can_edit_article(request.user, article):
        raise PermissionDenied("Bạn không sửa được tin bài ở trạng thái này.")
    initial = {"title": article.title, "summary": article.summary, "body": article.body, "body_format": "auto",
               "topics": list(article.topics.all()), "category": article.category_id}
    form = ArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_article(article, request.user, **form.article_fields())
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Đã lưu tin bài.")
        return redirect("portal:article", article_id=article.pk)
    return render(request, "portal/articles/form.html", _form_context(form, article))


@access_required(access.can_write_articles)
def preview_article(request, article_id):
    """The article as residents will see it, in the public template. A GET shows what is saved; a POST
    (the form's "Xem trước" button) shows the unsaved changes and saves nothing."""
    article = access.get_article_for_user(request.user, article_id)
    if not access.can_preview_article(request.user, article):
        raise PermissionDenied("Bạn không xem được tin bài này.")
    if request.method == "POST":
        form = ArticleForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Chưa xem trước được: " + form_errors_text(form))
            return redirect("portal:article", article_id=article.pk)
        data = form.cleaned_data
        article.title, article.summary, article.category = data["title"], data["summary"], data["category"]
        article.body = services.preview_body(article, data["body"], data["body_format"])
    return render_preview(request, article)


@require_POST
@access_required(access.can_write_articles)
def upload_picture(request, article_id):
    """The editor's picture upload: the picture is stored like any other of the article (checked and
    re-encoded, ``services.add_picture``) and its address goes back to the editor, to be shown in the text."""
    article = access.get_article_for_user(request.user, article_id)
    if not access.can_edit_article(request.user, article):
        return JsonResponse({"error": "Bạn không sửa được tin bài ở trạng thái này."}, status=403)
    form = PictureForm({"alt": f"Ảnh của tin bài “{article.title[:200]}”"}, request.FILES)
    if not form.is_valid():
        return JsonResponse({"error": "Ảnh chưa tải lên được: " + form_errors_text(form)}, status=400)
    try:
        picture = services.add_picture(article, request.user, form.cleaned_data["image"].read(),
                                       form.cleaned_data["alt"])
    except PictureRejected as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"url": services.picture_path(picture, "1200.jpg"), "id": picture.pk})


# --- news categories ----------------------------------------------------------------------------------------
@access_required(access.can_manage_news_categories)
def categories(request):
    commune = _commune(request.user)
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_category(commune, name=form.cleaned_data["name"])
        except services.WorkflowError as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(request, "Đã thêm chuyên mục.")
            return redirect("portal:categories")
    rows = (NewsCategory.objects.filter(commune=commune).annotate(article_count=Count("articles")))
    return render(request, "portal/articles/categories.html", {
        "form": form, "rows": [(c, CategoryForm(initial={"name": c.name, "position": c.position}, prefix=f"c{c.pk}"),
                                services.public_path(commune, "news") + f"?chuyen-muc={c.slug}") for c in rows],
    })


@require_POST
@access_required(access.can_manage_news_categories)
def edit_category(request, category_id):
    category = access.get_news_category_for_user(request.user, category_id)
    form = CategoryForm(request.POST, prefix=f"c{category.pk}")
    if not form.is_valid():
        messages.error(request, "Chưa sửa được chuyên mục: " + form_errors_text(form))
        return redirect("portal:categories")
    try:
        services.update_category(category, name=form.cleaned_data["name"],
                                 position=form.cleaned_data["position"] or 0)
    except services.WorkflowError as exc:
        messages.error(request, "Chưa sửa được chuyên mục: " + exc.message)
    else:
        messages.success(request, "Đã sửa chuyên mục.")
    return redirect("portal:categories")


@require_POST
@access_required(access.can_manage_news_categories)
def delete_category(request, category_id):
    category = access.get_news_category_for_user(request.user, category_id)
    services.delete_category(category)
    messages.success(request, "Đã xóa chuyên mục; các tin bài của nó vẫn còn, không thuộc chuyên mục nào.")
    return redirect("portal:categories")


@access_required(access.can_write_articles)
def article_revisions(request, article_id):
    article = access.get_article_for_user(request.user, article_id)
    revisions = article.revisions.select_related("created_by")
    return render(request, "portal/articles/revisions.html", {"article": article, "revisions": revisions})


def _workflow_step(request, article_id, step, *, editor_only: bool, success: str, form_class=None):
    article = access.get_article_for_user(request.user, article_id)
    if editor_only:
        access.require_editor(request.user)
    elif not access.can_submit_article(request.user, article):
        raise PermissionDenied("Chỉ tác giả hoặc biên tập viên gửi duyệt được tin bài này.")
    data = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            messages.error(request, "Thông tin chưa hợp lệ: " + form_errors_text(form))
            return redirect("portal:article", article_id=article.pk)
        data = form.cleaned_data
    try:
        step(article, request.user, **data)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("portal:article", article_id=article.pk)


@require_POST
@access_required(access.can_write_articles)
def submit_article(request, article_id):
    return _workflow_step(request, article_id, services.submit_article, editor_only=False,
                          success="Đã gửi tin bài cho biên tập viên.")


@require_POST
@access_required(access.can_write_articles)
def return_article(request, article_id):
    return _workflow_step(request, article_id, services.return_article, editor_only=True,
                          success="Đã trả lại tin bài cho tác giả.", form_class=ReturnForm)


@require_POST
@access_required(access.can_write_articles)
def publish_article(request, article_id):
    return _workflow_step(request, article_id, services.publish_article, editor_only=True,
                          success="Đã đăng tin bài lên trang của xã.")


@require_POST
@access_required(access.can_write_articles)
def schedule_article(request, article_id):
    return _workflow_step(request, article_id, services.schedule_article, editor_only=True,
                          success="Đã hẹn giờ đăng tin bài.", form_class=ScheduleForm)


@require_POST
@access_required(access.can_write_articles)
def unschedule_article(request, article_id):
    return _workflow_step(request, article_id, services.unschedule_article, editor_only=True,
                          success="Đã hủy hẹn giờ đăng.")


@require_POST
@access_required(access.can_write_articles)
def withdraw_article(request, article_id):
    return _workflow_step(request, article_id, services.withdraw_article, editor_only=True,
                          success="Đã gỡ tin bài khỏi trang của xã.")


@require_POST
@access_required(access.can_write_articles)
@once_per_token
def add_picture(request, article_id):
    article = access.get_article_for_user(request.user, article_id)
    if not access.can_edit_article(request.user, article):
        raise PermissionDenied("Bạn không sửa được tin bài ở trạng thái này.")
    form = PictureForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_picture(article, request.user, form.cleaned_data["image"].read(), form.cleaned_data["alt"])
        except PictureRejected as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Đã tải ảnh lên.")
    else:
        messages.error(request, "Ảnh chưa tải lên được: " + form_errors_text(form))
    return redirect("portal:article", article_id=article.pk)


@require_POST
@access_required(access.can_write_articles)
def delete_picture(request, article_id, picture_id):
    article = access.get_article_for_user(request.user, article_id)
    if not access.can_edit_article(request.user, article):
        raise PermissionDenied("Bạn không sửa được tin bài ở trạng thái này.")
    picture = get_object_or_404(ArticlePicture, pk=picture_id, article=article)
    services.delete_picture(picture, request.user)
    messages.success(request, "Đã xóa ảnh.")
    return redirect("portal:article", article_id=article.pk)


# --- radio and loudspeakers -------------------------------------------------------------------------------
def get_bulletin(user, bulletin_id: int) -> Bulletin:
    bulletins = Bulletin.objects.select_related("slot", "commune")
    if not user.is_superuser:
        bulletins = bulletins.filter(commune_id=user.commune_id)
    return get_object_or_404(bulletins, pk=bulletin_id)


@access_required(access.can_run_broadcasts)
def broadcast(request):
    commune = _commune(request.user)
    slot_form = SlotForm(request.POST or None)
    if request.method == "POST":
        if slot_form.is_valid():
            data = slot_form.cleaned_data
            services.add_slot(commune, channel=data["channel"], weekday=data["weekday"], start=data["start"],
                              duration_minutes=data["duration_minutes"], note=data["note"])
            messages.success(request, "Đã thêm khung giờ phát sóng.")
            return redirect("portal:broadcast")
    bulletins = Bulletin.objects.filter(commune=commune).select_related("slot")[:30]
    return render(request, "portal/broadcast/index.html", {
        "slots": BroadcastSlot.objects.filter(commune=commune),
        "slot_form": slot_form,
        "pronunciations_form": PronunciationsForm(
            initial={"pronunciations": services.pronunciations_text(commune)}),
        "public_url": services.public_path(commune, "radio"),
        "bulletins": bulletins,
        "new_form": NewBulletinForm(),
    })


@access_required(access.can_run_broadcasts)
def edit_slot(request, slot_id):
    slot = get_object_or_404(BroadcastSlot.objects.select_related("commune"), pk=slot_id,
                             commune_id=request.user.commune_id)
    form = SlotForm(request.POST or None, instance=slot)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_slot(slot, channel=data["channel"], weekday=data["weekday"], start=data["start"],
                                 duration_minutes=data["duration_minutes"], note=data["note"])
        except services.WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã sửa khung giờ phát sóng.")
            return redirect("portal:broadcast")
    return render(request, "portal/broadcast/slot.html", {"form": form, "slot": slot})


@require_POST
@access_required(access.can_run_broadcasts)
def save_pronunciations(request):
    form = PronunciationsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Chưa lưu được cách đọc: " + form_errors_text(form))
        return redirect("portal:broadcast")
    try:
        services.set_pronunciations(_commune(request.user), form.cleaned_data["pronunciations"])
    except services.WorkflowError as exc:
        messages.error(request, "Chưa lưu được cách đọc: " + exc.message)
    else:
        messages.success(request, "Đã lưu cách đọc riêng của xã; áp dụng khi tạo tệp âm thanh.")
    return redirect("portal:broadcast")


@require_POST
@access_required(access.can_run_broadcasts)
def delete_slot(request, slot_id):
    slot = get_object_or_404(BroadcastSlot, pk=slot_id, commune_id=request.user.commune_id)
    services.delete_slot(slot)
    messages.success(request, "Đã xóa khung giờ.")
    return redirect("portal:broadcast")


@require_POST
@access_required(access.can_run_broadcasts)
@once_per_token
def new_bulletin(request):
    commune = _commune(request.user)
    form = NewBulletinForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bản tin chưa tạo được: " + form_errors_text(form))
        return redirect("portal:broadcast")
    data = form.cleaned_data
    bulletin = services.create_bulletin(commune, request.user, title=data["title"], channel=data["channel"],
                                        slot=data["slot"], air_date=data["air_date"], articles=data["articles"])
    messages.success(request, "Đã tạo bản tin. Sửa lời đọc rồi in hoặc tạo tệp âm thanh.")
    return redirect("portal:bulletin", bulletin_id=bulletin.pk)


def _bulletin_context(bulletin):
    items = list(bulletin.items.all())
    script = services.bulletin_script(bulletin)
    minutes = estimated_minutes(script)
    return {
        "bulletin": bulletin,
        "items": [(item, format_minutes(estimated_minutes(item.text))) for item in items],
        "words": word_count(script),
        "minutes": format_minutes(minutes),
        "minutes_value": minutes,
        "over_slot": bool(bulletin.slot and minutes > bulletin.slot.duration_minutes),
        "audio_stale": bool(bulletin.audio and bulletin.audio_script_hash != services.script_hash(script)),
    }


@access_required(access.can_run_broadcasts)
def bulletin_detail(request, bulletin_id):
    bulletin = get_bulletin(request.user, bulletin_id)
    form = BulletinForm(request.POST or None, instance=bulletin)
    if request.method == "POST" and form.is_valid():
        items = []
        for item_id in request.POST.getlist("item"):
            if not item_id.isdigit() or request.POST.get(f"remove-{item_id}"):
                continue
            items.append({"id": int(item_id), "heading": request.POST.get(f"heading-{item_id}", ""),
                          "text": request.POST.get(f"text-{item_id}", ""),
                          "order": request.POST.get(f"order-{item_id}", "")})
        items.sort(key=lambda i: int(i["order"]) if i["order"].isdigit() else 10**6)
        data = form.cleaned_data
        try:
            services.update_bulletin(bulletin, title=data["title"], channel=data["channel"], slot=data["slot"],
                                     air_date=data["air_date"], intro=data["intro"], outro=data["outro"],
                                     items=items, urgency=data["urgency"] or None, is_public=data["is_public"],
                                     expires_at=data["expires_at"])
        except services.WorkflowError as exc:
            bulletin.refresh_from_db()
            messages.error(request, "Chưa lưu được bản tin: " + exc.message)
        else:
            messages.success(request, "Đã lưu bản tin.")
        return redirect("portal:bulletin", bulletin_id=bulletin.pk)
    context = _bulletin_context(bulletin)
    context.update({
        "form": form,
        "add_form": AddArticlesForm(),
        "broadcast_form": BroadcastForm(initial={
            "channel": bulletin.channel, "aired_on": bulletin.air_date or timezone.localdate(),
            "minutes": context["minutes_value"] or 1}),
        "broadcasts": bulletin.broadcasts.all(),
    })
    return render(request, "portal/broadcast/bulletin.html", context)


@require_POST
@access_required(access.can_run_broadcasts)
def add_bulletin_articles(request, bulletin_id):
    bulletin = get_bulletin(request.user, bulletin_id)
    form = AddArticlesForm(request.POST)
    if form.is_valid():
        services.add_articles_to_bulletin(bulletin, form.cleaned_data["articles"])
        messages.success(request, "Đã thêm tin bài vào bản tin.")
    return redirect("portal:bulletin", bulletin_id=bulletin.pk)


@access_required(access.can_run_broadcasts)
def print_bulletin(request, bulletin_id):
    bulletin = get_bulletin(request.user, bulletin_id)
    return render(request, "portal/broadcast/print.html", _bulletin_context(bulletin))


@access_required(access.can_run_broadcasts)
def bulletin_audio(request, bulletin_id):
    bulletin = get_bulletin(request.user, bulletin_id)
    if request.method == "POST":
        services.request_audio(bulletin)
        messages.success(request, "Đang tạo tệp âm thanh; tải lại trang sau ít phút.")
        return redirect("portal:bulletin", bulletin_id=bulletin.pk)
    if bulletin.audio_status != AudioStatus.READY or not bulletin.audio:
        raise Http404("Bản tin chưa có tệp âm thanh.")
    try:
        handle = default_storage.open(bulletin.audio, "rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy tệp âm thanh.") from exc
    return FileResponse(handle, as_attachment=True, content_type=bulletin.audio_mime,
                        filename=bulletin.audio.rsplit("/", 1)[-1])


@offers_formats("zip")
@access_required(access.can_run_broadcasts)
def bulletin_package(request, bulletin_id, fmt):
    """Audio and text in one file, for the loudspeaker system's upload."""
    bulletin = get_bulletin(request.user, bulletin_id)
    filename, content = services.bulletin_package(bulletin)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@access_required(access.can_run_broadcasts)
@once_per_token
def record_broadcast(request, bulletin_id):
    bulletin = get_bulletin(request.user, bulletin_id)
    form = BroadcastForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Chưa ghi nhận được: " + form_errors_text(form))
        return redirect("portal:bulletin", bulletin_id=bulletin.pk)
    data = form.cleaned_data
    services.record_broadcast(bulletin.commune, request.user, bulletin=bulletin, channel=data["channel"],
                              aired_on=data["aired_on"], minutes=data["minutes"], note=data["note"])
    messages.success(request, "Đã ghi nhận buổi phát sóng vào hoạt động tuyên truyền.")
    return redirect("portal:bulletin", bulletin_id=bulletin.pk)
