"""Every write of the portal: articles and their workflow, pictures, the broadcast schedule, bulletins
and broadcasts. Each function is atomic and takes the commune or an object of it explicitly."""

import hashlib
import logging
import uuid
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tuyentruyen.audit.recorder import record_update
from tuyentruyen.lib import bounds
from tuyentruyen.lib.errors import UserError
from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled
from tuyentruyen.lib.text import fold, slugify_vi
from tuyentruyen.work import services as work_services

from . import images, search, speech
from .models import (
    Article,
    ArticlePicture,
    ArticleRevision,
    ArticleStatus,
    AudioStatus,
    Broadcast,
    BroadcastChannel,
    BroadcastSettings,
    BroadcastSlot,
    Bulletin,
    BulletinItem,
    NewsCategory,
    SiteVersion,
    Urgency,
    Weekday,
)
from .sanitize import body_from_input, html_to_text, sanitize_body

logger = logging.getLogger(__name__)

PORTAL_CHANNEL = "Cổng thông tin điện tử"
BROADCAST_CHANNEL_NAMES = {BroadcastChannel.RADIO: "Đài truyền thanh xã",
                           BroadcastChannel.LOUDSPEAKER: "Hệ thống loa thông minh"}


class WorkflowError(UserError, ValueError):
    """A step the article's state does not allow; the message is shown to the user."""


# --- public addresses ---------------------------------------------------------------------------------
def public_path(commune, name: str, **kwargs) -> str:
    return reverse(f"portal_public:{name}", kwargs={"commune_slug": commune.slug, **kwargs})


def public_url(commune, path: str) -> str:
    """An absolute address where one is known: the commune's own domain (PUBLIC_HOSTS), else SITE_URL;
    else the path, which the work app stores as it is."""
    for host, slug in settings.PUBLIC_HOSTS.items():
        if slug == commune.slug:
            prefix = f"/{commune.slug}"
            return f"https://{host}{path[len(prefix):] if path.startswith(prefix + '/') else path}"
    site_url = getattr(settings, "SITE_URL", "")
    return f"{site_url.rstrip('/')}{path}" if site_url else path


def picture_path(picture: ArticlePicture, rendition: str) -> str:
    return public_path(picture.article.commune, "picture", picture_id=picture.pk, rendition=rendition)


def bump_site(commune) -> None:
    """Residents' pages of this commune change: the page cache must not serve the old ones."""
    SiteVersion.objects.update_or_create(commune=commune, defaults={"token": uuid.uuid4()})


# --- activities (the work app) ------------------------------------------------------------------------
def _record_activity(commune, **kwargs):
    """Every publication and broadcast is an activity of the plan's execution (idempotent by source key)."""
    return work_services.record_activity(commune, **kwargs)


# --- articles -------------------------------------------------------------------------------------------
def allowed_image_sources(article: Article) -> set[str]:
    return {picture_path(picture, rendition) for picture in article.pictures.all()
            for rendition in ArticlePicture.RENDITIONS}


def _keep_revision(article: Article, user) -> ArticleRevision:
    last = article.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return ArticleRevision.objects.create(article=article, number=last + 1, title=article.title,
                                          summary=article.summary, body=article.body, created_by=user)


def _check_category(commune_id: int, category) -> None:
    if category is not None and category.commune_id != commune_id:
        raise WorkflowError("Chuyên mục không thuộc trang của xã này.")


@transaction.atomic
def create_article(commune, user, *, title: str, summary: str, body: str = "", topics=(), category=None,
                   body_format: str = "auto") -> Article:
    """``body`` is what the body box sent: the editor's HTML, HTML pasted from Word, or plain text
    (``sanitize.body_from_input``)."""
    _check_category(commune.pk, category)
    body = sanitize_body(body_from_input(body, body_format))  # no pictures yet: no <img> can pass
    article = Article.objects.create(commune=commune, author=user, title=title.strip(), summary=summary.strip(),
                                     body=body, category=category,
                                     search_text=search.search_text(title, summary, body))
    article.topics.set(topics)
    _keep_revision(article, user)
    return article


@transaction.atomic
def update_article(article: Article, user, *, title: str, summary: str, body: str, topics=(), category=None,
                   body_format: str = "auto") -> Article:
    if article.status == ArticleStatus.SCHEDULED:
        raise WorkflowError("Tin bài đã hẹn giờ đăng: hủy hẹn giờ trước khi sửa.")
    _check_category(article.commune_id, category)
    body = sanitize_body(body_from_input(body, body_format), allowed_image_sources(article))
    changed = (article.title, article.summary, article.body) != (title.strip(), summary.strip(), body)
    article.title, article.summary, article.body = title.strip(), summary.strip(), body
    article.category = category
    article.search_text = search.search_text(article.title, article.summary, body)
    article.save()
    article.topics.set(topics)
    if changed:
        _keep_revision(article, user)
    if article.is_public:
        bump_site(article.commune)
    return article


def preview_body(article: Article, body: str, body_format: str = "auto") -> str:
    """The body as it would be saved, for the preview of unsaved changes (nothing is written)."""
    return sanitize_body(body_from_input(body, body_format), allowed_image_sources(article))


# --- news categories --------------------------------------------------------------------------------------
def _category_slug(commune, name: str, exclude_pk=None) -> str:
    base = slugify_vi(name)[:120] or "chuyen-muc"
    taken = set(NewsCategory.objects.filter(commune=commune).exclude(pk=exclude_pk).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_category_name(commune, name: str, exclude_pk=None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise WorkflowError("Hãy ghi tên chuyên mục.")
    if len(name) > 120:
        raise WorkflowError("Tên chuyên mục dài quá 120 ký tự.")
    others = NewsCategory.objects.filter(commune=commune).exclude(pk=exclude_pk)
    if any(fold(other) == fold(name) for other in others.values_list("name", flat=True)):
        raise WorkflowError(f"Đã có chuyên mục “{name}”.")
    return name


@transaction.atomic
def create_category(commune, *, name: str) -> NewsCategory:
    name = _check_category_name(commune, name)
    position = (NewsCategory.objects.filter(commune=commune).order_by("-position")
                .values_list("position", flat=True).first() or 0) + 1
    category = NewsCategory.objects.create(commune=commune, name=name, slug=_category_slug(commune, name),
                                           position=position)
    bump_site(commune)
    return category


@transaction.atomic
def update_category(category: NewsCategory, *, name: str, position: int) -> NewsCategory:
    """The address (slug) follows the new name, so links say what the category is."""
    category.name = _check_category_name(category.commune, name, exclude_pk=category.pk)
    category.slug = _category_slug(category.commune, category.name, exclude_pk=category.pk)
    if not 0 <= position <= 1000:
        raise WorkflowError("Thứ tự là số từ 0 đến 1000.")
    category.position = position
    category.save()
    bump_site(category.commune)
    return category


@transaction.atomic
def delete_category(category: NewsCategory) -> None:
    """Its articles stay, with no category (the foreign key sets it null; the audit trail records the
    category's deletion)."""
    commune = category.commune
    for article in Article.objects.filter(category=category):
        article.category = None
        article.save(update_fields=["category", "updated_at"])
    category.delete()
    bump_site(commune)


@transaction.atomic
def submit_article(article: Article, user) -> Article:
    if article.status not in (ArticleStatus.DRAFT, ArticleStatus.RETURNED):
        raise WorkflowError("Chỉ gửi duyệt được bản nháp hoặc tin bài bị trả lại.")
    article.status = ArticleStatus.SUBMITTED
    article.save(update_fields=["status", "updated_at"])
    return article


@transaction.atomic
def return_article(article: Article, user, note: str) -> Article:
    if article.status not in (ArticleStatus.SUBMITTED, ArticleStatus.SCHEDULED, ArticleStatus.DRAFT):
        raise WorkflowError("Chỉ trả lại được tin bài chưa đăng.")
    if not note.strip():
        raise WorkflowError("Hãy ghi ý kiến để người viết biết cần sửa gì.")
    article.status, article.return_note, article.publish_at = ArticleStatus.RETURNED, note.strip(), None
    article.save(update_fields=["status", "return_note", "publish_at", "updated_at"])
    from django.urls import reverse

    from tuyentruyen.notifications.services import notify_event

    notify_event("article.returned", target=article, recipients=[article.author], actor=user,
                 text=f"Tin bài “{article.title[:120]}” bị trả lại: {article.return_note[:150]}",
                 url=reverse("portal:article", args=[article.pk]))
    return article


@transaction.atomic
def schedule_article(article: Article, user, publish_at: datetime) -> Article:
    if article.status == ArticleStatus.PUBLISHED:
        raise WorkflowError("Tin bài đã đăng.")
    if publish_at <= timezone.now():
        raise WorkflowError("Giờ hẹn đăng phải ở tương lai.")
    article.status, article.publish_at, article.published_by = ArticleStatus.SCHEDULED, publish_at, user
    article.save(update_fields=["status", "publish_at", "published_by", "updated_at"])
    transaction.on_commit(lambda: _enqueue_publication(publish_at))
    return article


def _enqueue_publication(run_after: datetime) -> None:
    """The database task backend holds the task until ``run_after``; the daily job and the
    ``publish_scheduled`` command catch anything a stopped worker missed."""
    from django_tasks.exceptions import InvalidTaskError

    from .tasks import publish_scheduled_articles

    try:
        publish_scheduled_articles.using(run_after=run_after).enqueue()
    except InvalidTaskError:  # a backend that cannot defer: the periodic run will publish it
        logger.info("task backend cannot defer; scheduled article waits for the periodic run")


@transaction.atomic
def unschedule_article(article: Article, user) -> Article:
    if article.status != ArticleStatus.SCHEDULED:
        raise WorkflowError("Tin bài không ở trạng thái hẹn giờ.")
    article.status, article.publish_at = ArticleStatus.SUBMITTED, None
    article.save(update_fields=["status", "publish_at", "updated_at"])
    return article


def _publish(article_id: int, user, *, only_scheduled: bool, now: datetime) -> bool:
    """Publish one article if its state still allows it; the conditional update makes two workers (or
    an editor and a worker) racing on it publish it once."""
    candidates = Article.objects.filter(pk=article_id)
    if only_scheduled:
        candidates = candidates.filter(status=ArticleStatus.SCHEDULED, publish_at__lte=now)
    else:
        candidates = candidates.exclude(status=ArticleStatus.PUBLISHED)
    fields = {"status": ArticleStatus.PUBLISHED, "published_at": now, "updated_at": now}
    if user is not None:
        fields["published_by"] = user
    if not record_update(candidates, **fields):
        return False
    article = Article.objects.select_related("commune", "published_by").get(pk=article_id)
    path = public_path(article.commune, "article", article_id=article.pk)
    _record_activity(
        article.commune,
        kind_code="news_article",
        channel=PORTAL_CHANNEL,
        title=article.title,
        date=timezone.localdate(now),
        topics=list(article.topics.all()),
        links=[public_url(article.commune, path)],
        source_key=f"portal.article:{article.pk}",
        is_public=True,
        user=user or article.published_by,
    )
    bump_site(article.commune)
    return True


@transaction.atomic
def publish_article(article: Article, user) -> Article:
    if article.status == ArticleStatus.PUBLISHED:
        raise WorkflowError("Tin bài đã đăng.")
    _publish(article.pk, user, only_scheduled=False, now=timezone.now())
    article.refresh_from_db()
    return article


@transaction.atomic
def withdraw_article(article: Article, user) -> Article:
    if article.status != ArticleStatus.PUBLISHED:
        raise WorkflowError("Chỉ gỡ được tin bài đã đăng.")
    article.status = ArticleStatus.WITHDRAWN
    article.save(update_fields=["status", "updated_at"])
    bump_site(article.commune)
    return article


def publish_due_articles(now: datetime | None = None) -> list[int]:
    """Publish every scheduled article whose time has come, in every commune. Safe to run twice at once."""
    now = now or timezone.now()
    with scopes_disabled():  # cross-tenant on purpose: one worker serves every commune
        due = list(Article.objects.filter(status=ArticleStatus.SCHEDULED, publish_at__lte=now)
                   .values_list("pk", "commune_id"))
    published = []
    for article_id, commune_id in due:
        with commune_scope(commune_id), transaction.atomic():
            if _publish(article_id, None, only_scheduled=True, now=now):
                published.append(article_id)
    return published


# --- pictures -------------------------------------------------------------------------------------------
@transaction.atomic
def add_picture(article: Article, user, data: bytes, alt: str) -> ArticlePicture:
    large, small = images.make_renditions(data)  # PictureRejected before anything is written
    position = (article.pictures.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    picture = ArticlePicture(article=article, alt=alt.strip(), position=position, width=large.width,
                             height=large.height, small_width=small.width, small_height=small.height)
    folder = f"portal/{article.commune_id}/{picture.token}"
    saved = []
    try:
        for field, name, data in (("large_jpeg", "1200.jpg", large.jpeg), ("large_webp", "1200.webp", large.webp),
                                  ("small_jpeg", "480.jpg", small.jpeg), ("small_webp", "480.webp", small.webp)):
            saved.append(default_storage.save(f"{folder}/{name}", ContentFile(data)))
            setattr(picture, field, saved[-1])
        picture.save()
    except Exception:
        for name in saved:
            default_storage.delete(name)
        raise
    if article.is_public:
        bump_site(article.commune)
    return picture


@transaction.atomic
def delete_picture(picture: ArticlePicture, user) -> None:
    article = picture.article
    files = [getattr(picture, field) for field in ArticlePicture.RENDITIONS.values()]
    picture.delete()
    # the body may show it: sanitising again against the remaining pictures drops the <img>
    article.body = sanitize_body(article.body, allowed_image_sources(article))
    article.save(update_fields=["body", "updated_at"])
    if article.is_public:
        bump_site(article.commune)

    def remove_files():
        for name in files:
            default_storage.delete(name)

    transaction.on_commit(remove_files)


# --- broadcast schedule ---------------------------------------------------------------------------------
def _check_slot(channel: str, weekday: int) -> None:
    # The form already offers only these; a caller passing a label instead of the code must hear it here,
    # not from PostgreSQL's column width (SQLite would store it silently).
    if channel not in BroadcastChannel.values:
        raise WorkflowError("Kênh phát không hợp lệ: chọn Đài truyền thanh hoặc Loa thông minh.")
    if weekday not in Weekday.values:
        raise WorkflowError("Ngày phát trong tuần không hợp lệ.")


@transaction.atomic
def add_slot(commune, *, channel: str, weekday: int, start, duration_minutes: int, note: str = "") -> BroadcastSlot:
    _check_slot(channel, weekday)
    return BroadcastSlot.objects.create(commune=commune, channel=channel, weekday=weekday, start=start,
                                        duration_minutes=duration_minutes, note=note.strip())


@transaction.atomic
def update_slot(slot: BroadcastSlot, *, channel: str, weekday: int, start, duration_minutes: int,
                note: str = "") -> BroadcastSlot:
    _check_slot(channel, weekday)
    slot.channel, slot.weekday, slot.start = channel, weekday, start
    slot.duration_minutes, slot.note = duration_minutes, note.strip()
    slot.save()
    bump_site(slot.commune)
    return slot


@transaction.atomic
def delete_slot(slot: BroadcastSlot) -> None:
    commune = slot.commune
    slot.delete()
    bump_site(commune)


# --- how the voice reads the commune's words ----------------------------------------------------------------
def pronunciations_text(commune) -> str:
    return (BroadcastSettings.objects.filter(commune=commune).values_list("pronunciations", flat=True).first()
            or "")


@transaction.atomic
def set_pronunciations(commune, text: str) -> BroadcastSettings:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    wrong = [line for line in lines if "=" not in line or not all(p.strip() for p in line.split("=", 1))]
    if wrong:
        raise WorkflowError(f"Dòng “{wrong[0][:60]}” chưa đúng dạng “chữ viết = cách đọc”.")
    settings_row, _ = BroadcastSettings.objects.get_or_create(commune=commune)
    settings_row.pronunciations = "\n".join(lines)
    settings_row.save()
    return settings_row


def spoken_script(bulletin: Bulletin) -> str:
    """What the voice is given: the script normalised for speech with the commune's own list first."""
    return speech.normalise(bulletin_script(bulletin),
                            speech.parse_pronunciations(pronunciations_text(bulletin.commune)))


# --- bulletins ------------------------------------------------------------------------------------------
def article_script(article: Article) -> str:
    parts = [article.summary.strip(), html_to_text(article.body)]
    return "\n".join(part for part in parts if part)


@transaction.atomic
def create_bulletin(commune, user, *, title: str, channel: str, slot=None, air_date=None,
                    articles=()) -> Bulletin:
    bulletin = Bulletin.objects.create(
        commune=commune, title=title.strip(), channel=channel, slot=slot, air_date=air_date, created_by=user,
        intro=f"Kính thưa bà con, sau đây là {title.strip()} của {commune.committee_name}.",
        outro="Bản tin đến đây là hết. Cảm ơn bà con đã lắng nghe.",
    )
    for position, article in enumerate(articles, start=1):
        BulletinItem.objects.create(bulletin=bulletin, position=position, article=article,
                                    heading=article.title, text=article_script(article))
    return bulletin


@transaction.atomic
def update_bulletin(bulletin: Bulletin, *, title: str, channel: str, slot, air_date, intro: str, outro: str,
                    items: list[dict], urgency: str | None = None, is_public: bool | None = None,
                    expires_at=None) -> Bulletin:
    """``items``: the kept items in their new order, each {id, heading, text}; missing ones are removed.
    ``urgency``/``is_public``/``expires_at`` left at None keep what the bulletin has."""
    urgency = bulletin.urgency if urgency is None else urgency
    if urgency not in Urgency.values:
        raise WorkflowError("Mức độ không hợp lệ: chọn Thông thường, Ưu tiên hoặc Khẩn cấp.")
    is_public = bulletin.is_public if is_public is None else is_public
    if urgency == Urgency.EMERGENCY and is_public and expires_at is None:
        raise WorkflowError("Bản tin khẩn cấp đăng lên trang của xã cần có thời điểm hết hiệu lực, "
                            "để thông báo không treo mãi ở đầu trang.")
    bulletin.title, bulletin.channel, bulletin.slot, bulletin.air_date = title.strip(), channel, slot, air_date
    bulletin.intro, bulletin.outro = intro.strip(), outro.strip()
    bulletin.urgency, bulletin.is_public, bulletin.expires_at = urgency, is_public, expires_at
    bulletin.save()
    bump_site(bulletin.commune)
    existing = {item.pk: item for item in bulletin.items.all()}
    kept = set()
    for position, data in enumerate(items, start=1):
        item = existing.get(data["id"])
        if item is None:
            continue
        item.position, item.heading, item.text = position, data["heading"].strip(), data["text"].strip()
        item.save()
        kept.add(item.pk)
    bulletin.items.exclude(pk__in=kept).delete()
    return bulletin


@transaction.atomic
def add_articles_to_bulletin(bulletin: Bulletin, articles) -> None:
    position = (bulletin.items.order_by("-position").values_list("position", flat=True).first() or 0)
    for article in articles:
        position += 1
        BulletinItem.objects.create(bulletin=bulletin, position=position, article=article,
                                    heading=article.title, text=article_script(article))
    bulletin.save(update_fields=["updated_at"])


def bulletin_script(bulletin: Bulletin) -> str:
    """The whole text read on air, in order."""
    parts = [bulletin.intro]
    for item in bulletin.items.all():
        parts += [item.heading.rstrip(".") + ".", item.text]
    parts.append(bulletin.outro)
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def script_hash(script: str) -> str:
    return hashlib.sha256(script.encode()).hexdigest()


@transaction.atomic
def request_audio(bulletin: Bulletin) -> Bulletin:
    """Audio of a long bulletin takes a while: a background task makes it."""
    bulletin.audio_status, bulletin.audio_error = AudioStatus.PENDING, ""
    bulletin.save(update_fields=["audio_status", "audio_error", "updated_at"])
    bulletin_id = bulletin.pk

    def enqueue():
        from .tasks import render_bulletin_audio

        render_bulletin_audio.enqueue(bulletin_id)

    transaction.on_commit(enqueue)
    return bulletin


def render_audio(bulletin_id: int) -> str:
    """Runs in the worker: synthesise the script and keep the file. Safe to run twice (same script, same
    file replaced)."""
    from .tts import EXTENSIONS, SynthesisFailed, get_engine

    with scopes_disabled():  # the task receives only an id; the bulletin's own commune scope is re-entered
        commune_id = Bulletin.objects.values_list("commune_id", flat=True).get(pk=bulletin_id)
    with commune_scope(commune_id):
        bulletin = Bulletin.objects.select_related("commune").get(pk=bulletin_id)
        script = bulletin_script(bulletin)
        try:
            engine, text = get_engine(), spoken_script(bulletin)
            # a station whose equipment wants WAV sets BULLETIN_AUDIO_FORMAT = "wav"
            if getattr(settings, "BULLETIN_AUDIO_FORMAT", "mp3") == "wav":
                audio, mime = engine.synthesize(text, mp3=False)
            else:
                audio, mime = engine.synthesize(text)
        except SynthesisFailed as exc:
            record_update(Bulletin.objects.filter(pk=bulletin_id), audio_status=AudioStatus.FAILED,
                          audio_error=str(exc)[:300])
            return AudioStatus.FAILED
        with transaction.atomic():
            bulletin = Bulletin.objects.select_for_update().get(pk=bulletin_id)
            old = bulletin.audio
            bulletin.audio = default_storage.save(
                f"portal/{commune_id}/bulletins/ban-tin-{bulletin.pk}.{EXTENSIONS.get(mime, 'bin')}",
                ContentFile(audio))
            bulletin.audio_mime, bulletin.audio_status = mime, AudioStatus.READY
            bulletin.audio_seconds = round(audio_seconds(audio, mime))
            bulletin.audio_script_hash, bulletin.audio_error = script_hash(script), ""
            bulletin.save()
            if old and old != bulletin.audio:
                transaction.on_commit(lambda: default_storage.delete(old))
            bump_site(bulletin.commune)
        return AudioStatus.READY


def audio_seconds(audio: bytes, mime: str) -> float:
    from .tts import MP3_KBPS, wav_duration

    if mime == "audio/wav":
        return wav_duration(audio)
    if mime == "audio/mpeg":  # constant bit rate: the size says the length
        return len(audio) * 8 / (MP3_KBPS * 1000)
    return 0


# --- what residents see of the radio ---------------------------------------------------------------------------
PUBLIC_BULLETINS = 10


def public_bulletins(commune):
    return (Bulletin.objects.filter(commune=commune, is_public=True).prefetch_related("items")
            [:PUBLIC_BULLETINS])


def emergency_bulletins(commune, now=None):
    """Emergency bulletins still in force: shown at the top of every public page of the commune."""
    now = now or timezone.now()
    return list(Bulletin.objects.filter(commune=commune, is_public=True, urgency=Urgency.EMERGENCY,
                                        expires_at__gt=now).order_by("-created_at")[:3])


def bulletin_package(bulletin: Bulletin) -> tuple[str, bytes]:
    """A ZIP for the loudspeaker system: the audio (when made), the script as written and as it is read."""
    import zipfile
    from io import BytesIO

    base = f"ban-tin-{bulletin.pk}"
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        if bulletin.audio_status == AudioStatus.READY and bulletin.audio:
            try:
                with default_storage.open(bulletin.audio, "rb") as handle:
                    package.writestr(bulletin.audio.rsplit("/", 1)[-1], handle.read())
            except FileNotFoundError:
                pass
        header = f"{bulletin.title}\nMức độ: {bulletin.get_urgency_display()}\n"
        if bulletin.air_date:
            header += f"Ngày phát: {bulletin.air_date:%d/%m/%Y}\n"
        package.writestr(f"{base}.txt", header + "\n" + bulletin_script(bulletin) + "\n")
        package.writestr(f"{base}-loi-doc.txt", spoken_script(bulletin) + "\n")
    return f"{base}.zip", buffer.getvalue()


@transaction.atomic
def record_broadcast(commune, user, *, bulletin: Bulletin | None, channel: str, aired_on,
                     minutes: Decimal, note: str = "") -> Broadcast:
    broadcast = Broadcast(commune=commune, bulletin=bulletin, channel=channel, aired_on=aired_on,
                          minutes=minutes, note=note.strip(), recorded_by=user)
    if refusal := bounds.first_refusal(broadcast):
        raise WorkflowError(refusal)
    broadcast.save()
    topics = {}
    if bulletin is not None:
        for item in bulletin.items.select_related("article").prefetch_related("article__topics"):
            if item.article is not None:
                topics.update({topic.pk: topic for topic in item.article.topics.all()})
    label = BroadcastChannel(channel).label
    _record_activity(
        commune,
        kind_code=channel,
        channel=BROADCAST_CHANNEL_NAMES[BroadcastChannel(channel)],
        title=f"{label}: {bulletin.title}" if bulletin else f"{label} ngày {aired_on:%d/%m/%Y}",
        date=aired_on,
        quantity=minutes,
        quantity_unit="phút phát sóng",
        topics=list(topics.values()),
        source_key=f"portal.broadcast:{broadcast.pk}",
        is_public=False,
        user=user,
    )
    return broadcast
