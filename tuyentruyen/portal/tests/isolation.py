"""Commune B's articles, pictures, broadcast slots and bulletins for the isolation walk."""

from datetime import time
from io import BytesIO

from PIL import Image

from tuyentruyen.conftest import SECRET_B
from tuyentruyen.portal import services


def make_world_objects(world):
    commune, user = world.commune_b, world.officer_b
    world.article_b = services.create_article(commune, user, title=f"Tin bài {SECRET_B}", summary=SECRET_B)
    buffer = BytesIO()
    Image.new("RGB", (64, 48), (10, 20, 30)).save(buffer, "JPEG")
    world.picture_b = services.add_picture(world.article_b, user, buffer.getvalue(), f"Ảnh {SECRET_B}")
    world.slot_b = services.add_slot(commune, channel="radio", weekday=0, start=time(6, 0), duration_minutes=15,
                                     note=SECRET_B)
    world.bulletin_b = services.create_bulletin(commune, user, title=f"Bản tin {SECRET_B}", channel="radio",
                                                articles=[world.article_b])


PARAMETER_FACTORIES = {
    "article_id": lambda world: world.article_b.pk,
    "picture_id": lambda world: world.picture_b.pk,
    "rendition": lambda world: "480.jpg",
    "slot_id": lambda world: world.slot_b.pk,
    "bulletin_id": lambda world: world.bulletin_b.pk,
}
