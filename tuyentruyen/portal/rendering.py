"""HTML of articles for residents: responsive pictures (srcset of the 480- and 1200-px renditions, WebP
first, lazy loading) around the sanitised body."""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .sanitize import enhance_images
from .services import picture_path

SIZES = "(max-width: 50rem) 100vw, 48rem"


def picture_markup(picture, *, alt: str | None = None, lazy: bool = True, sizes: str = SIZES) -> SafeString:
    def url(rendition):
        return picture_path(picture, rendition)

    return format_html(
        '<picture><source type="image/webp" srcset="{} 480w, {} 1200w" sizes="{}">'
        '<img src="{}" srcset="{} 480w, {} 1200w" sizes="{}" width="{}" height="{}" alt="{}"{}></picture>',
        url("480.webp"), url("1200.webp"), sizes,
        url("480.jpg"), url("480.jpg"), url("1200.jpg"), sizes, picture.width, picture.height,
        picture.alt if alt is None else alt,
        mark_safe(' loading="lazy" decoding="async"') if lazy else mark_safe(' fetchpriority="high"'),
    )


def render_body(article, pictures) -> SafeString:
    """The stored body is already sanitised (on save); only its <img> tags of the article's own
    pictures are replaced by trusted responsive markup."""
    by_source = {picture_path(p, rendition): p for p in pictures for rendition in p.RENDITIONS}

    def render(src, alt):
        picture = by_source.get(src)
        return None if picture is None else str(picture_markup(picture, alt=alt or picture.alt))

    return mark_safe(enhance_images(article.body, render))  # noqa: S308 - sanitised by nh3 when saved
