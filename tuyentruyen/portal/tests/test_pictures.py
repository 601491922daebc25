import pytest
from PIL import Image

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.portal.images import PictureRejected, make_renditions
from tuyentruyen.portal.models import Article

from .conftest import write_article
from .helpers import jpeg_bytes


def test_renditions_are_1200_and_480_wide_jpeg_and_webp():
    large, small = make_renditions(jpeg_bytes(3000, 2000))
    assert (large.width, large.height, small.width, small.height) == (1200, 800, 480, 320)
    assert large.jpeg[:2] == b"\xff\xd8" and large.webp[8:12] == b"WEBP"


def test_small_pictures_are_not_enlarged():
    large, small = make_renditions(jpeg_bytes(300, 200))
    assert (large.width, small.width) == (300, 300)


@pytest.mark.parametrize("data", [b"", b"<?php echo 1; ?>", b"GIF89a" + b"\x00" * 20, b"%PDF-1.4 not an image"])
def test_non_images_are_rejected_by_content(data):
    with pytest.raises(PictureRejected):
        make_renditions(data)


def test_a_decompression_bomb_is_rejected(tmp_path):
    from io import BytesIO

    buffer = BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")
    with pytest.raises(PictureRejected):
        make_renditions(buffer.getvalue())


@pytest.mark.django_db
def test_upload_by_the_form_and_insert_into_the_body(editor_a, commune_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    article = write_article(commune_a, editor_a)
    client = client_for(editor_a)
    fake = SimpleUploadedFile("anh.jpg", b"not really a jpeg", content_type="image/jpeg")
    client.post(f"/tin-bai/{article.pk}/anh/", {"image": fake, "alt": "x"})
    with commune_scope(commune_a):
        assert not article.pictures.exists()
    real = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    client.post(f"/tin-bai/{article.pk}/anh/", {"image": real, "alt": "Hội nghị tập huấn"})
    with commune_scope(commune_a):
        picture = article.pictures.get()
    src = f"/{commune_a.slug}/tin-tuc/anh/{picture.pk}/1200.jpg"
    client.post(f"/tin-bai/{article.pk}/sua/", {"title": "T", "summary": "S",
                                              "body": f'<p><img src="{src}" alt="Hội nghị"></p>'})
    with commune_scope(commune_a):
        assert src in Article.objects.get(pk=article.pk).body
    page = client.get(f"/tin-bai/{article.pk}/").content.decode()
    assert "1200.webp 1200w" in page
