import types
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.portal import services

from .conftest import publish, write_article
from .helpers import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(commune_a, editor_a):
    commune_a.hotline, commune_a.address, commune_a.email = "0296 3800 111", "Ấp Trung, xã An Hòa", "ubnd@anhoa.vn"
    commune_a.save()
    published = write_article(commune_a, editor_a, title="Nộp hồ sơ trực tuyến dễ dàng",
                              summary="Từ tháng này bà con nộp hồ sơ qua điện thoại.")
    with commune_scope(commune_a):
        services.add_picture(published, editor_a, jpeg_bytes(), "Cán bộ hướng dẫn người dân")
    publish(published, editor_a)
    draft = write_article(commune_a, editor_a, title="Bản nháp chưa duyệt")
    return types.SimpleNamespace(commune=commune_a, article=published, draft=draft, url=f"/{commune_a.slug}/")


class Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.assets = {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("property"):
            self.meta[attrs["property"]] = attrs.get("content")
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.assets.append(attrs["href"])
        if tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])


def parse(html):
    parser = Meta()
    parser.feed(html)
    return parser


def test_home_shows_news_contacts_and_links(site):
    html = Client().get(site.url).content.decode()
    assert "Nộp hồ sơ trực tuyến dễ dàng" in html and "Bản nháp chưa duyệt" not in html
    assert "0296 3800 111" in html and "Ấp Trung, xã An Hòa" in html and "ubnd@anhoa.vn" in html
    assert f'href="{site.url}thu-tuc/"' in html and f'href="{site.url}phan-anh/"' in html
    assert "Đăng nhập cán bộ" in html
    assert 'data-testid="main-nav"' not in html  # not the staff layout
    assert 'loading="lazy"' in html and "480.webp 480w" in html


def test_home_lists_the_open_surveys_and_contests(site, monkeypatch):
    from tuyentruyen.portal import public_views

    monkeypatch.setattr(public_views, "open_items",
                        lambda commune: [{"title": "Khảo sát hài lòng quý II", "url": "/x/", "kind": "Khảo sát"}])
    assert "Khảo sát hài lòng quý II" in Client().get(site.url).content.decode()


def test_home_survives_a_failure_of_the_engagement_items(site, monkeypatch):
    from tuyentruyen.portal import public_views

    def broken(commune):
        raise RuntimeError("engagement is down")

    monkeypatch.setattr(public_views, "open_items", broken)
    assert Client().get(site.url).status_code == 200


def test_article_page_has_open_graph_tags(site):
    response = Client().get(f"{site.url}tin-tuc/{site.article.pk}/")
    meta = parse(response.content.decode()).meta
    assert meta["og:title"] == "Nộp hồ sơ trực tuyến dễ dàng"
    assert meta["og:description"] == "Từ tháng này bà con nộp hồ sơ qua điện thoại."
    assert meta["og:type"] == "article"
    assert meta["og:url"] == f"http://testserver{site.url}tin-tuc/{site.article.pk}/"
    assert meta["og:image"].startswith("http://testserver/") and meta["og:image"].endswith("/1200.jpg")
    image = Client().get(meta["og:image"].removeprefix("http://testserver"))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_home_has_an_absolute_og_image_even_without_pictures(commune_a):
    meta = parse(Client().get(f"/{commune_a.slug}/").content.decode()).meta
    assert meta["og:image"].startswith("http://testserver/") and meta["og:title"]


def test_rss_feed_is_valid_xml_with_items(site):
    response = Client().get(f"{site.url}tin-tuc/rss.xml")
    assert response.status_code == 200 and "xml" in response["Content-Type"]
    root = ET.fromstring(response.content)
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Nộp hồ sơ trực tuyến dễ dàng"]
    assert items[0].findtext("link") == f"http://testserver{site.url}tin-tuc/{site.article.pk}/"


def test_home_page_weight_is_under_300_kb(site):
    for i in range(8):
        article = write_article(site.commune, site.article.author, title=f"Tin số {i} " + "rất dài " * 10,
                                summary="Tóm tắt " * 60)
        publish(article, site.article.author)
    html = Client().get(site.url).content
    total = len(html)
    for asset in parse(html.decode()).assets:
        path = finders.find(asset.removeprefix("/static/"))
        assert path, asset
        total += len(open(path, "rb").read())
    assert total < 300 * 1024, total


def test_drafts_and_other_communes_articles_are_not_public(site, commune_b, editor_b):
    assert Client().get(f"{site.url}tin-tuc/{site.draft.pk}/").status_code == 404
    article_b = write_article(commune_b, editor_b)
    publish(article_b, editor_b)
    assert Client().get(f"{site.url}tin-tuc/{article_b.pk}/").status_code == 404
    with commune_scope(site.commune):
        picture = site.article.pictures.first()
    assert Client().get(f"/{commune_b.slug}/tin-tuc/anh/{picture.pk}/480.jpg").status_code == 404


def test_a_new_publication_shows_at_once_despite_the_page_cache(site, editor_a):
    client = Client()
    client.get(site.url)
    later = write_article(site.commune, editor_a, title="Tin mới vừa đăng")
    publish(later, editor_a)
    assert "Tin mới vừa đăng" in client.get(site.url).content.decode()


def test_unchanged_pages_answer_not_modified(site):
    client = Client()
    first = client.get(site.url)
    assert client.get(site.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_news_list_query_count_does_not_grow(site, editor_a, django_assert_max_num_queries):
    from tuyentruyen.portal.public_views import clear_page_cache

    with django_assert_max_num_queries(8) as few:
        Client().get(f"{site.url}tin-tuc/")
    for i in range(12):
        publish(write_article(site.commune, editor_a, title=f"Tin {i}"), editor_a)
    clear_page_cache()
    with django_assert_max_num_queries(len(few.captured_queries)):
        Client().get(f"{site.url}tin-tuc/")


def test_unknown_commune_is_404():
    assert Client().get("/xa-khong-co-that/").status_code == 404
