"""The commune's public site: news articles (tin bài) with their editorial workflow, revisions and
pictures; and the radio / smart-loudspeaker side: the broadcast schedule, bulletins read on air and
the broadcasts that went out."""

import uuid

from django.conf import settings
from django.db import models

from tuyentruyen.lib import bounds
from tuyentruyen.lib.tenancy import CommuneScopedManager


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Chờ duyệt"
    RETURNED = "returned", "Trả lại"
    SCHEDULED = "scheduled", "Hẹn giờ đăng"
    PUBLISHED = "published", "Đã đăng"
    WITHDRAWN = "withdrawn", "Đã gỡ"


class NewsCategory(models.Model):
    """A news category (chuyên mục) of one commune's site, e.g. "Cải cách hành chính", "Chuyển đổi số"."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="+")
    name = models.CharField("tên chuyên mục", max_length=120)
    slug = models.SlugField("đường dẫn", max_length=140, allow_unicode=False)
    position = models.PositiveIntegerField("thứ tự", default=0)

    objects = CommuneScopedManager()

    class Meta:
        ordering = ["position", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "slug"], name="newscategory_slug_unique"),
            models.UniqueConstraint(fields=["commune", "name"], name="newscategory_name_unique"),
        ]
        verbose_name = "chuyên mục tin"
        verbose_name_plural = "chuyên mục tin"

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="articles")
    title = models.CharField("tiêu đề", max_length=250)
    category = models.ForeignKey(NewsCategory, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="articles", verbose_name="chuyên mục")
    # folded (no diacritics, lower case) title, summary and text, written by services: what residents'
    # search matches, the same way on SQLite and PostgreSQL
    search_text = models.TextField(blank=True, editable=False)
    summary = models.TextField("tóm tắt", max_length=600)
    body = models.TextField("nội dung", blank=True, help_text="HTML đã được lọc an toàn khi lưu")
    topics = models.ManyToManyField("plans.PlanTopic", blank=True, related_name="articles",
                                    verbose_name="nội dung tuyên truyền của kế hoạch")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+", verbose_name="tác giả")
    status = models.CharField("trạng thái", max_length=10, choices=ArticleStatus.choices,
                              default=ArticleStatus.DRAFT, db_index=True)
    return_note = models.TextField("ý kiến của biên tập viên", blank=True)
    publish_at = models.DateTimeField("hẹn giờ đăng", null=True, blank=True, db_index=True,
                                      validators=bounds.DATETIME.validators())
    published_at = models.DateTimeField("ngày đăng", null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommuneScopedManager()

    class Meta:
        constraints = [
            bounds.DATETIME.constraint("publish_at", "article_publish_at_in_bounds"),
        ]
        ordering = ["-published_at", "-updated_at", "-id"]
        indexes = [models.Index(fields=["commune", "status", "-published_at"], name="article_public_list")]
        verbose_name = "tin bài"
        verbose_name_plural = "tin bài"

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    @property
    def cover(self):
        """The first picture: the article's image on lists and in shared links."""
        pictures = self.pictures.all()  # prefetched on list pages
        return pictures[0] if pictures else None


class ArticleRevision(models.Model):
    """What the title, summary and body were after one save: kept so an editor's changes can be read."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("lần sửa")
    title = models.CharField("tiêu đề", max_length=250)
    summary = models.TextField("tóm tắt")
    body = models.TextField("nội dung", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")

    objects = CommuneScopedManager("article__commune")

    class Meta:
        ordering = ["article", "-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="article_revision_unique")]
        verbose_name = "lần sửa tin bài"
        verbose_name_plural = "lần sửa tin bài"

    def __str__(self) -> str:
        return f"{self.article} — lần {self.number}"

    @property
    def commune_id(self):
        return self.article.commune_id


class ArticlePicture(models.Model):
    """A picture of an article, kept only as re-encoded renditions (1200 px and 480 px wide, JPEG and
    WebP): the upload itself is never stored, so what residents download is always what Pillow wrote."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="pictures")
    token = models.UUIDField(default=uuid.uuid4, editable=False)
    alt = models.CharField("mô tả ảnh (cho người khiếm thị)", max_length=250)
    position = models.PositiveIntegerField(default=0)
    width = models.PositiveIntegerField(help_text="width of the large rendition")
    height = models.PositiveIntegerField()
    small_width = models.PositiveIntegerField()
    small_height = models.PositiveIntegerField()
    # names in the default storage (portal/<commune>/<token>/<width>.<ext>); plain strings rather than
    # FileFields, written by services.add_picture only
    large_jpeg = models.CharField(max_length=200)
    large_webp = models.CharField(max_length=200)
    small_jpeg = models.CharField(max_length=200)
    small_webp = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommuneScopedManager("article__commune")

    RENDITIONS = {"1200.jpg": "large_jpeg", "1200.webp": "large_webp", "480.jpg": "small_jpeg",
                  "480.webp": "small_webp"}

    class Meta:
        ordering = ["article", "position", "id"]
        verbose_name = "ảnh của tin bài"
        verbose_name_plural = "ảnh của tin bài"

    def __str__(self) -> str:
        return self.alt

    @property
    def commune_id(self):
        return self.article.commune_id


class SiteVersion(models.Model):
    """Changes whenever something residents see on a commune's site changes: the page cache keys on it.
    A random token rather than a counter, so a key can never be reused for different content."""

    commune = models.OneToOneField("localities.Commune", on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField(default=uuid.uuid4)

    objects = CommuneScopedManager()

    def __str__(self) -> str:
        return str(self.token)


class BroadcastChannel(models.TextChoices):
    RADIO = "radio", "Đài truyền thanh"
    LOUDSPEAKER = "loudspeaker", "Loa thông minh"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Thứ Hai"
    TUESDAY = 1, "Thứ Ba"
    WEDNESDAY = 2, "Thứ Tư"
    THURSDAY = 3, "Thứ Năm"
    FRIDAY = 4, "Thứ Sáu"
    SATURDAY = 5, "Thứ Bảy"
    SUNDAY = 6, "Chủ nhật"


class BroadcastSlot(models.Model):
    """One weekly time slot of the broadcast schedule (lịch phát sóng), e.g. Thứ Hai 6:00, 15 phút."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField("kênh", max_length=12, choices=BroadcastChannel.choices,
                               default=BroadcastChannel.RADIO)
    weekday = models.PositiveSmallIntegerField("thứ", choices=Weekday.choices)
    start = models.TimeField("giờ bắt đầu")
    duration_minutes = models.PositiveSmallIntegerField("thời lượng (phút)",
                                                        validators=bounds.TIME_LIMIT.validators())
    note = models.CharField("ghi chú", max_length=200, blank=True)

    objects = CommuneScopedManager()

    class Meta:
        constraints = [
            bounds.TIME_LIMIT.constraint("duration_minutes", "broadcastslot_duration_minutes_in_bounds"),
        ]
        ordering = ["weekday", "start", "channel"]
        verbose_name = "khung giờ phát sóng"
        verbose_name_plural = "lịch phát sóng"

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M} ({self.get_channel_display()})"

    @property
    def end(self):
        from datetime import datetime, timedelta

        return (datetime.combine(datetime(2000, 1, 3), self.start) + timedelta(minutes=self.duration_minutes)).time()


class AudioStatus(models.TextChoices):
    NONE = "none", "Chưa tạo"
    PENDING = "pending", "Đang tạo"
    READY = "ready", "Đã có"
    FAILED = "failed", "Lỗi"


class Urgency(models.TextChoices):
    """The levels of Circular 39/2020/TT-BTTTT for grassroots information."""

    NORMAL = "normal", "Thông thường"
    PRIORITY = "priority", "Ưu tiên"
    EMERGENCY = "emergency", "Khẩn cấp"


class Bulletin(models.Model):
    """A radio or loudspeaker bulletin (bản tin): ordered items of text to be read on air."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("tên bản tin", max_length=250)
    channel = models.CharField("kênh", max_length=12, choices=BroadcastChannel.choices,
                               default=BroadcastChannel.RADIO)
    slot = models.ForeignKey(BroadcastSlot, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="bulletins", verbose_name="khung giờ")
    air_date = models.DateField("ngày phát", null=True, blank=True, validators=bounds.DATE.validators())
    intro = models.TextField("lời mở đầu", blank=True)
    outro = models.TextField("lời kết", blank=True)
    urgency = models.CharField("mức độ", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    is_public = models.BooleanField("đăng lên trang của xã", default=False,
                                    help_text="Người dân nghe lại và đọc bản tin trên trang Phát thanh của xã.")
    expires_at = models.DateTimeField("hết hiệu lực lúc", null=True, blank=True,
                                      help_text="Bản tin khẩn cấp hiện ở đầu mọi trang của xã đến lúc này.")
    audio = models.CharField(max_length=200, blank=True, help_text="name in the default storage")
    audio_seconds = models.PositiveIntegerField(null=True, blank=True)
    audio_mime = models.CharField(max_length=40, blank=True)
    audio_status = models.CharField(max_length=8, choices=AudioStatus.choices, default=AudioStatus.NONE)
    audio_error = models.CharField(max_length=300, blank=True)
    audio_script_hash = models.CharField(max_length=64, blank=True,
                                         help_text="hash of the script the audio was made from")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommuneScopedManager()

    class Meta:
        constraints = [
            bounds.DATE.constraint("air_date", "bulletin_air_date_in_bounds"),
        ]
        ordering = ["-air_date", "-created_at", "-id"]
        verbose_name = "bản tin phát thanh"
        verbose_name_plural = "bản tin phát thanh"

    def __str__(self) -> str:
        return self.title


class BroadcastSettings(models.Model):
    """A commune's own pronunciation list for the synthetic voice ("viết = đọc", one a line)."""

    commune = models.OneToOneField("localities.Commune", on_delete=models.CASCADE, related_name="+")
    pronunciations = models.TextField("cách đọc riêng của xã", blank=True,
                                      help_text="Mỗi dòng một cặp: chữ viết = cách đọc, ví dụ: Zalo = Da-lô")

    objects = CommuneScopedManager()

    class Meta:
        verbose_name = "cài đặt phát thanh"
        verbose_name_plural = "cài đặt phát thanh"

    def __str__(self) -> str:
        return f"Cách đọc của xã {self.commune_id}"


class BulletinItem(models.Model):
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("thứ tự", default=0)
    article = models.ForeignKey(Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    heading = models.CharField("tiêu đề", max_length=250)
    text = models.TextField("lời đọc")

    objects = CommuneScopedManager("bulletin__commune")

    class Meta:
        ordering = ["bulletin", "position", "id"]
        verbose_name = "mục của bản tin"
        verbose_name_plural = "mục của bản tin"

    def __str__(self) -> str:
        return self.heading

    @property
    def commune_id(self):
        return self.bulletin.commune_id


class Broadcast(models.Model):
    """A broadcast that went out: the evidence recorded as an activity of the plan's execution."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="+")
    bulletin = models.ForeignKey(Bulletin, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="broadcasts")
    channel = models.CharField("kênh", max_length=12, choices=BroadcastChannel.choices)
    aired_on = models.DateField("ngày phát", validators=bounds.DATE.validators())
    minutes = models.DecimalField("thời lượng (phút)", max_digits=6, decimal_places=1,
                                  validators=bounds.BROADCAST_MINUTES.validators())
    note = models.CharField("ghi chú", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommuneScopedManager()

    class Meta:
        constraints = [
            bounds.DATE.constraint("aired_on", "broadcast_aired_on_in_bounds"),
            bounds.BROADCAST_MINUTES.constraint("minutes", "broadcast_minutes_in_bounds"),
        ]
        ordering = ["-aired_on", "-id"]
        verbose_name = "buổi phát sóng"
        verbose_name_plural = "buổi phát sóng"

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.aired_on:%d/%m/%Y}"
