"""Residents' pages of a commune: home, news, one article, the RSS feed, article pictures, the radio.

Read-only, no session, no form: each page is rendered once per change of the commune's site and then
served from a per-process cache (see ``cached_page``), so a cheap server keeps up with many readers.
"""

import hashlib
import logging
import mimetypes
import re
from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.core.cache.backends.locmem import LocMemCache
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.http import quote_etag

from tuyentruyen.engagement.public import open_items
from tuyentruyen.lib.dbrouter import reads_from_replica
from tuyentruyen.localities import civic
from tuyentruyen.localities.public import public_commune_view

from . import search, services
from .models import (
    Article,
    ArticlePicture,
    ArticleStatus,
    AudioStatus,
    BroadcastSlot,
    Bulletin,
    NewsCategory,
    SiteVersion,
)
from .rendering import picture_markup, render_body

logger = logging.getLogger(__name__)

HOME_ARTICLES = 6
NEWS_PER_PAGE = 10
PAGE_TTL = 60  # seconds; also bounds how long another app's items (open surveys) can lag

# Per process, on purpose: a hit costs no query beyond the commune and its version token. The version
# token changes on every publication, edit or withdrawal (services.bump_site), which invalidates every
# process at once; the TTL covers what this app does not see change (surveys opening and closing).
_pages = LocMemCache("tuyentruyen-portal-pages", {"TIMEOUT": PAGE_TTL, "OPTIONS": {"MAX_ENTRIES": 2000}})


def clear_page_cache() -> None:
    _pages.clear()


def cached_page(view):
    @wraps(view)
    def wrapped(request, commune, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, commune, *args, **kwargs)
        token = SiteVersion.objects.filter(commune=commune).values_list("token", flat=True).first()
        key = hashlib.sha256(
            f"{commune.pk}|{token}|{request.get_host()}|{request.get_full_path()}".encode()).hexdigest()
        etag = quote_etag(key[:32])
        cached = _pages.get(key) if token else None
        if cached is None:
            response = view(request, commune, *args, **kwargs)
            if token and response.status_code == 200 and not response.streaming:
                _pages.set(key, (response.content, response["Content-Type"]))
        else:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        if response.status_code == 200 and token:
            if request.headers.get("If-None-Match") == etag:
                return HttpResponseNotModified(headers={"ETag": etag})
            response["ETag"] = etag
            response["Cache-Control"] = f"public, max-age={PAGE_TTL}"
        return response

    return wrapped


# --- reading helpers --------------------------------------------------------------------------------------
def published_articles(commune):
    return (Article.objects.filter(commune=commune, status=ArticleStatus.PUBLISHED)
            .order_by("-published_at", "-id").prefetch_related("pictures"))


def open_engagement_items(commune) -> list[dict]:
    """Open surveys and contests from the engagement app."""
    try:
        return list(open_items(commune))
    except Exception:  # another app's failure must not take the commune's home page down
        logger.exception("engagement.public.open_items failed")
        return []


def site_context(request, commune, **extra) -> dict:
    home = services.public_path(commune, "home")
    return {
        "commune": commune,
        "home_url": home,
        "news_url": services.public_path(commune, "news"),
        "feed_url": services.public_path(commune, "feed"),
        "procedures_url": f"{home}thu-tuc/",
        "feedback_url": f"{home}phan-anh/",
        "radio_url": services.public_path(commune, "radio"),
        "emergencies": [(b, services.public_path(commune, "radio") + f"#ban-tin-{b.pk}")
                        for b in services.emergency_bulletins(commune)],
        "contacts_url": services.public_path(commune, "contacts"),
        "hotline_dial": civic.phone_digits(commune.hotline),
        "og_url": request.build_absolute_uri(),
        "og_image": request.build_absolute_uri(static("portal/og-default.png")),
        "og_image_width": 1200,
        "og_image_height": 630,
        **extra,
    }


def _cards(articles):
    return [(a, services.public_path(a.commune, "article", article_id=a.pk),
             picture_markup(a.cover, sizes="(max-width: 40rem) 100vw, 20rem") if a.cover else "")
            for a in articles]


# --- pages ------------------------------------------------------------------------------------------------
@reads_from_replica
@public_commune_view
@cached_page
def home(request, commune):
    articles = list(published_articles(commune).select_related("commune")[:HOME_ARTICLES])
    description = (f"Tin tuyên truyền cải cách hành chính, thủ tục hành chính, phản ánh kiến nghị "
                   f"của {commune.committee_name}.")
    return render(request, "portal/public/home.html", site_context(
        request, commune, cards=_cards(articles), engagement=open_engagement_items(commune),
        og_title=f"{commune.full_name} — cải cách hành chính", og_description=description, og_type="website", page_name="home",
    ))


def news_categories(commune) -> list:
    return list(NewsCategory.objects.filter(commune=commune))


@reads_from_replica
@public_commune_view
@cached_page
def news(request, commune):
    """Every published article, or one category's (``?chuyen-muc=slug``), or those matching a search
    (``?q=``: every word, with or without diacritics, begins a word of the title, summary or text)."""
    categories = news_categories(commune)
    chosen = next((c for c in categories if c.slug == request.GET.get("chuyen-muc", "")), None)
    query = " ".join(request.GET.get("q", "").split())[:100]
    articles = published_articles(commune).select_related("commune")
    if chosen is not None:
        articles = articles.filter(category=chosen)
    for term in search.query_terms(query):
        articles = articles.filter(search_text__contains=term)
    page = Paginator(articles, NEWS_PER_PAGE).get_page(request.GET.get("trang"))
    keep = urlencode({k: v for k, v in (("chuyen-muc", chosen.slug if chosen else ""), ("q", query)) if v})
    title = f"Tìm “{query}”" if query else (chosen.name if chosen else "Tin tức")
    return render(request, "portal/public/news.html", site_context(
        request, commune, page=page, cards=_cards(page.object_list), categories=categories, chosen=chosen,
        query=query, searched=bool(search.query_terms(query)), page_query=f"&{keep}" if keep else "",
        heading=title, og_title=f"{title} — {commune.full_name}", page_name="news",
        og_description=f"Tin tuyên truyền cải cách hành chính của {commune.committee_name}.", og_type="website",
    ))


def share_links(request, commune, path: str) -> dict:
    """Plain links to Zalo's and Facebook's share pages with the article's absolute address: no script
    of theirs is loaded, nothing is sent to them unless the resident taps."""
    address = services.public_url(commune, path)
    if not address.startswith("http"):
        address = request.build_absolute_uri(path)
    return {"zalo": f"https://sp.zalo.me/share_inline?{urlencode({'url': address})}",
            "facebook": f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': address})}"}


def _article_context(request, commune, item, pictures, body_html) -> dict:
    extra = {}
    if pictures:
        cover = pictures[0]
        extra = {"og_image": request.build_absolute_uri(services.picture_path(cover, "1200.jpg")),
                 "og_image_width": cover.width, "og_image_height": cover.height, "og_image_alt": cover.alt}
    path = services.public_path(commune, "article", article_id=item.pk)
    return site_context(
        request, commune, article=item, body_html=body_html,
        cover_html=picture_markup(pictures[0], lazy=False) if pictures else "",
        cover_in_body="<img" in item.body, share=share_links(request, commune, path),
        category_url=(services.public_path(commune, "news") + f"?chuyen-muc={item.category.slug}"
                      if item.category_id else ""),
        og_title=item.title, og_description=item.summary, og_type="article", **extra,
    )


@reads_from_replica
@public_commune_view
@cached_page
def article(request, commune, article_id):
    item = get_object_or_404(published_articles(commune).select_related("commune", "author", "category"),
                             pk=article_id)
    pictures = list(item.pictures.all())
    return render(request, "portal/public/article.html",
                  _article_context(request, commune, item, pictures, render_body(item, pictures)))


def render_preview(request, item):
    """A staff preview of ``item`` (saved or not) in the residents' template; never cached, never indexed."""
    pictures = list(item.pictures.all())
    context = _article_context(request, item.commune, item, pictures, render_body(item, pictures))
    context.update(preview=True, staff_article_url=reverse("portal:article", args=[item.pk]))
    return render(request, "portal/public/article.html", context)


def week_schedule(commune, today):
    """This week's slots (Monday to Sunday) with their dates."""
    monday = today - timedelta(days=today.weekday())
    return [(slot, monday + timedelta(days=slot.weekday), monday + timedelta(days=slot.weekday) == today)
            for slot in BroadcastSlot.objects.filter(commune=commune)]


@reads_from_replica
@public_commune_view
@cached_page
def radio(request, commune):
    bulletins = []
    for bulletin in services.public_bulletins(commune):
        audio_url = (services.public_path(commune, "radio_audio", bulletin_id=bulletin.pk)
                     if bulletin.audio_status == AudioStatus.READY and bulletin.audio else "")
        bulletins.append((bulletin, audio_url, list(bulletin.items.all())))
    today = timezone.localdate()
    return render(request, "portal/public/radio.html", site_context(
        request, commune, schedule=week_schedule(commune, today), bulletins=bulletins,
        monday=today - timedelta(days=today.weekday()), sunday=today + timedelta(days=6 - today.weekday()),
        og_title=f"Phát thanh — {commune.full_name}", page_name="radio",
        og_description=f"Lịch phát thanh và bản tin nghe lại của {commune.committee_name}.", og_type="website",
    ))


@public_commune_view
def radio_audio(request, commune, bulletin_id):
    """A public bulletin's audio. Byte ranges are served: phones (Safari in particular) play and seek media
    only from a server that answers them."""
    bulletin = get_object_or_404(Bulletin.objects.filter(is_public=True, audio_status=AudioStatus.READY),
                                 pk=bulletin_id, commune=commune)
    try:
        with default_storage.open(bulletin.audio, "rb") as handle:
            content = handle.read()
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Không tìm thấy tệp âm thanh.") from exc
    response = _ranged(request, content, bulletin.audio_mime or "application/octet-stream")
    response["Cache-Control"] = f"public, max-age={PAGE_TTL}"
    return response


def _ranged(request, content: bytes, content_type: str) -> HttpResponse:
    size = len(content)
    wanted = re.fullmatch(r"bytes=(\d*)-(\d*)", request.headers.get("Range", "").strip())
    if wanted and (wanted.group(1) or wanted.group(2)):
        first, last = wanted.groups()
        if first:
            start, end = int(first), min(int(last), size - 1) if last else size - 1
        else:  # the last N bytes
            start, end = max(size - int(last), 0), size - 1
        if start >= size or start > end:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        response = HttpResponse(content[start:end + 1], content_type=content_type, status=206)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = HttpResponse(content, content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    return response


@reads_from_replica
@public_commune_view
@cached_page
def contacts(request, commune):
    """Whom to call, where to go and when: only what the commune has filled in."""
    return render(request, "portal/public/contacts.html", site_context(
        request, commune, page_name="contacts",
        directory=civic.contacts_from_stored(commune.directory),
        reception=civic.reception_from_stored(commune.reception_schedule),
        map_url=civic.map_url(commune.address, commune.full_name, commune.province.name),
        og_title=f"Liên hệ — {commune.full_name}", og_type="website",
        og_description=f"Địa chỉ, giờ làm việc, số điện thoại và lịch tiếp công dân của {commune.committee_name}.",
    ))


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "vi"

    def get_object(self, request, commune):
        self.request = request
        return commune

    def title(self, commune):
        return f"Tin tức — {commune.full_name}"

    def link(self, commune):
        return services.public_path(commune, "news")

    def description(self, commune):
        return f"Tin tuyên truyền cải cách hành chính của {commune.committee_name}."

    def items(self, commune):
        return list(published_articles(commune).select_related("commune")[:20])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return services.public_path(item.commune, "article", article_id=item.pk)

    def item_pubdate(self, item):
        return item.published_at

    def item_enclosures(self, item):
        return []


@reads_from_replica
@public_commune_view
@cached_page
def feed(request, commune):
    return NewsFeed()(request, commune)


@public_commune_view
def picture(request, commune, picture_id, rendition):
    """The renditions are public once their article is; the address never changes for the same bytes
    (a new picture is a new row), so browsers may keep them for a year."""
    field = ArticlePicture.RENDITIONS.get(rendition)
    if field is None:
        raise Http404("Không có ảnh này.")
    item = get_object_or_404(ArticlePicture.objects.select_related("article"), pk=picture_id,
                             article__commune=commune)
    if not item.article.is_public and not _staff_of(request, commune):
        raise Http404("Không có ảnh này.")
    try:
        handle = default_storage.open(getattr(item, field), "rb")
    except FileNotFoundError as exc:
        raise Http404("Không có ảnh này.") from exc
    response = FileResponse(handle, content_type=mimetypes.guess_type(rendition)[0])
    response["Cache-Control"] = ("public, max-age=31536000, immutable" if item.article.is_public
                                 else "private, no-store")
    return response


def _staff_of(request, commune) -> bool:
    """Writers see the pictures of drafts in the staff preview."""
    user = request.user
    return user.is_authenticated and (user.is_superuser or user.commune_id == commune.pk)
