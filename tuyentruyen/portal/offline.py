"""The public site as an installable app that opens with no signal: the web manifest, the service worker
and the offline page of one commune, all under /<commune-slug>/ so the worker's scope is the commune's site.

The worker (``portal/public/sw.js``, a template: its list of pages and its cache version are written in)
keeps the commune's home, news, latest articles, procedure list, radio page, contacts (the hotline) and the
CSS on the device when installed, answers pages from the network first and from that copy when the network
fails, and shows the offline page for anything it never kept. What it may keep is an allow-list of
residents' pages: forms and personal pages (feedback tracking, surveys, contests, the assistant) never.
"""

from functools import cache

from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static

from tuyentruyen.lib.service_worker import script_version, worker_response
from tuyentruyen.localities.public import public_commune_view

from . import services
from .public_views import cached_page, published_articles, site_context

WORKER_TEMPLATE = "portal/public/sw.js"
THEME_COLOUR = "#9b1c1c"  # --brand of portal/public.css
PRECACHED_ARTICLES = 5
# Pages the worker may keep, relative to the commune's home ("" is the home itself). A path is kept when
# it starts with one of KEPT and holds none of NEVER_KEPT.
KEPT = ("", "tin-tuc/", "thu-tuc/", "lien-he/", "phat-thanh/", "ngoai-tuyen/")
NEVER_KEPT = ("thu-tuc/tro-ly-ao/", "thu-tuc/api/", "/am-thanh")
ICON_SIZES = (192, 512)


def static_files() -> list[str]:
    return [static("portal/public.css"), static("portal/pwa.js"),
            *(static(f"portal/icon-{size}.png") for size in ICON_SIZES)]


@cache
def cache_version() -> str:
    return script_version(WORKER_TEMPLATE, static_files())


def kept_pages(commune) -> list[str]:
    home = services.public_path(commune, "home")
    pages = [home, services.public_path(commune, "news"), f"{home}thu-tuc/",
             services.public_path(commune, "radio"), services.public_path(commune, "contacts"),
             services.public_path(commune, "offline")]
    latest = published_articles(commune).values_list("pk", flat=True)[:PRECACHED_ARTICLES]
    pages += [services.public_path(commune, "article", article_id=pk) for pk in latest]
    return pages


@public_commune_view
@cached_page
def manifest(request, commune):
    home = services.public_path(commune, "home")
    data = {
        "name": f"{commune.full_name} — thông tin cải cách hành chính",
        "short_name": commune.full_name,
        "description": f"Tin tức, thủ tục hành chính và đường dây nóng của {commune.committee_name}.",
        "lang": "vi",
        "dir": "ltr",
        "id": home,
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [{"src": static(f"portal/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": "any maskable"} for size in ICON_SIZES],
    }
    return JsonResponse(data, content_type="application/manifest+json",
                        json_dumps_params={"ensure_ascii": False})


@public_commune_view
@cached_page
def service_worker(request, commune):
    home = services.public_path(commune, "home")
    config = {
        "cache": f"tuyentruyen-{commune.slug}-{cache_version()}",
        "cachePrefix": f"tuyentruyen-{commune.slug}-",
        "scope": home,
        "offline": services.public_path(commune, "offline"),
        "pages": kept_pages(commune),
        "files": static_files(),
        "kept": list(KEPT),
        "neverKept": list(NEVER_KEPT),
    }
    return worker_response(WORKER_TEMPLATE, config)


@public_commune_view
@cached_page
def offline(request, commune):
    """Shown by the worker for a page it never kept; kept itself when the worker is installed."""
    return render(request, "portal/public/offline.html", site_context(
        request, commune, page_name="offline", og_title=f"Ngoại tuyến — {commune.full_name}",
        og_description=f"Trang của {commune.committee_name} khi không có kết nối mạng.", og_type="website",
    ))
