"""Each commune's news categories, articles, pictures, broadcast slots and bulletins for the isolation walk."""

from datetime import time
from io import BytesIO

from django.core.files.storage import default_storage
from PIL import Image

from tuyentruyen.portal import services
from tuyentruyen.portal.models import ArticlePicture


def make_objects(side):
    commune, user = side.commune, side.officer
    side.news_category = services.create_category(commune, name=f"Chuyên mục {side.marker}")
    side.article = services.create_article(commune, user, title=f"Tin bài {side.marker}", summary=side.marker,
                                           category=side.news_category)
    buffer = BytesIO()
    Image.new("RGB", (64, 48), (10, 20, 30) if commune.pk % 2 else (200, 20, 30)).save(buffer, "JPEG")
    side.picture = services.add_picture(side.article, user, buffer.getvalue(), f"Ảnh {side.marker}")
    for name in ArticlePicture.RENDITIONS.values():
        if getattr(side.picture, name):
            with default_storage.open(getattr(side.picture, name), "rb") as handle:
                side.files.append(handle.read())
    side.slot = services.add_slot(commune, channel="radio", weekday=0, start=time(6, 0), duration_minutes=15,
                                  note=side.marker)
    side.bulletin = services.create_bulletin(commune, user, title=f"Bản tin {side.marker}", channel="radio",
                                             articles=[side.article])
    services.set_pronunciations(commune, f"{side.marker} = {side.marker}")


PARAMETERS = {
    "article_id": lambda side: side.article.pk,
    "picture_id": lambda side: side.picture.pk,
    "rendition": lambda side: list(ArticlePicture.RENDITIONS),
    "slot_id": lambda side: side.slot.pk,
    "bulletin_id": lambda side: side.bulletin.pk,
    "category_id": lambda side: side.news_category.pk,
}
FIELDS = {"articles": lambda side: side.article.pk, "item": lambda side: side.article.pk,
          "slot": lambda side: side.slot.pk, "category": lambda side: side.news_category.pk}
