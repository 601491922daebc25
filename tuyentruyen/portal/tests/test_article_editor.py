"""The editor's staff endpoints (picture upload into the text, preview), news categories, residents'
search and category filter, share and follow links."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tuyentruyen.conftest import SECRET_B, client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities import services as localities
from tuyentruyen.portal import services
from tuyentruyen.portal.models import Article, ArticlePicture, NewsCategory

from .conftest import publish, write_article
from .helpers import jpeg_bytes

pytestmark = pytest.mark.django_db


def fresh(article):
    with commune_scope(article.commune_id):
        return Article.objects.select_related("category").get(pk=article.pk)


def upload(client, article, data, name="anh.jpg"):
    return client.post(f"/tin-bai/{article.pk}/anh/tai-len/", {"image": SimpleUploadedFile(name, data)})


# --- picture upload into the text -------------------------------------------------------------------------
def test_an_uploaded_picture_goes_back_as_its_address_and_stays_in_the_saved_body(editor_a, commune_a):
    article = write_article(commune_a, editor_a)
    client = client_for(editor_a)
    response = upload(client, article, jpeg_bytes(1600, 900))
    assert response.status_code == 200
    url = response.json()["url"]
    with commune_scope(commune_a):
        picture = ArticlePicture.objects.get(article=article)
    assert url == services.picture_path(picture, "1200.jpg") and picture.width == 1200
    body = f'<div>Họp dân</div><figure class="attachment"><img src="{url}"><figcaption>Họp dân ấp Trung</figcaption></figure>'
    client.post(f"/tin-bai/{article.pk}/sua/", {"title": article.title, "summary": article.summary,
                                                "body": body, "body_format": "html"})
    saved = fresh(article).body
    assert f'<img src="{url}" alt="Họp dân ấp Trung">' in saved and "<p>Họp dân</p>" in saved
    assert client.get(url).status_code == 200  # staff see a draft's picture


@pytest.mark.parametrize("data,message", [
    (b"%PDF-1.4 not a picture", "không phải là ảnh"),
    (b"", "rỗng"),
])
def test_what_is_not_a_picture_is_refused_in_vietnamese_and_nothing_is_kept(editor_a, commune_a, data, message):
    article = write_article(commune_a, editor_a)
    response = upload(client_for(editor_a), article, data, "tep.jpg")
    assert response.status_code == 400 and message in response.json()["error"]
    with commune_scope(commune_a):
        assert not ArticlePicture.objects.filter(article=article).exists()


def test_upload_is_refused_where_the_article_cannot_be_edited(contributor_a, other_contributor_a, editor_b,
                                                              commune_a):
    article = write_article(commune_a, contributor_a)
    assert upload(client_for(other_contributor_a), article, jpeg_bytes()).status_code == 404
    assert upload(client_for(editor_b), article, jpeg_bytes()).status_code == 404
    client_for(contributor_a).post(f"/tin-bai/{article.pk}/gui-duyet/")
    response = upload(client_for(contributor_a), article, jpeg_bytes())  # submitted: the author waits
    assert response.status_code == 403 and "không sửa được" in response.json()["error"]
    assert client_for(contributor_a).get(f"/tin-bai/{article.pk}/anh/tai-len/").status_code == 405
    with commune_scope(commune_a):
        assert not ArticlePicture.objects.exists()


# --- the first picture of an article never saved ----------------------------------------------------------
def _draft_fields(**changes):
    return {"title": "Họp dân về dịch vụ công", "summary": "Ấp Trung họp dân tối thứ Sáu.",
            "body": "<div>Bà con ấp Trung họp tại nhà văn hóa.</div>", "body_format": "html",
            "once_token": "a" * 32, **changes}


def test_the_first_picture_saves_the_draft_from_the_form_and_the_next_save_updates_it(editor_a, commune_a):
    client = client_for(editor_a)
    response = client.post("/tin-bai/them/nhap/", _draft_fields())
    assert response.status_code == 201
    with commune_scope(commune_a):
        article = Article.objects.get()
    assert article.title == "Họp dân về dịch vụ công" and article.author == editor_a and article.status == "draft"
    assert "<p>Bà con ấp Trung họp tại nhà văn hóa.</p>" == article.body
    assert response.json() == {"id": article.pk, "edit_url": f"/tin-bai/{article.pk}/sua/",
                               "article_url": f"/tin-bai/{article.pk}/",
                               "upload_url": f"/tin-bai/{article.pk}/anh/tai-len/"}
    assert response["Location"] == f"/tin-bai/{article.pk}/sua/"
    url = upload(client, article, jpeg_bytes(800, 600)).json()["url"]
    body = f'<div>Bà con ấp Trung họp tại nhà văn hóa.</div><figure><img src="{url}"><figcaption>Họp dân</figcaption></figure>'
    client.post(response.json()["edit_url"], _draft_fields(body=body))  # "Lưu", the form now the draft's
    with commune_scope(commune_a):
        assert Article.objects.count() == 1
    assert f'<img src="{url}" alt="Họp dân">' in fresh(article).body


def test_the_same_form_sent_again_leads_to_the_draft_not_to_a_second_article(editor_a, commune_a):
    client = client_for(editor_a)
    first = client.post("/tin-bai/them/nhap/", _draft_fields())
    again = client.post("/tin-bai/them/nhap/", _draft_fields())  # its answer was lost on the way
    assert again.status_code == 302 and again["Location"] == first["Location"]
    saved = client.post("/tin-bai/them/", _draft_fields())  # "Lưu" before the page knew of the draft
    assert saved.status_code == 302 and saved["Location"] == first["Location"]
    with commune_scope(commune_a):
        assert Article.objects.count() == 1


@pytest.mark.parametrize("changes,message", [
    ({"title": ""}, "Tiêu đề"),
    ({"summary": ""}, "Tóm tắt"),
    ({"title": "x" * 300}, "Tiêu đề"),
])
def test_a_draft_the_form_would_refuse_is_refused_in_vietnamese(editor_a, commune_a, changes, message):
    response = client_for(editor_a).post("/tin-bai/them/nhap/", _draft_fields(**changes))
    assert response.status_code == 400
    assert response.json()["error"].startswith("Chưa lưu được bản nháp để chèn ảnh: ") and message in response.json()["error"]
    with commune_scope(commune_a):
        assert not Article.objects.exists()
    # the token was released: corrected, the same form saves
    assert client_for(editor_a).post("/tin-bai/them/nhap/", _draft_fields()).status_code == 201


def test_the_draft_takes_no_other_communes_category(editor_a, commune_a, commune_b):
    with commune_scope(commune_b):
        theirs = services.create_category(commune_b, name=f"Chuyên mục {SECRET_B}")
    response = client_for(editor_a).post("/tin-bai/them/nhap/", _draft_fields(category=theirs.pk))
    assert response.status_code == 400 and SECRET_B not in response.content.decode()
    with commune_scope(commune_a):
        assert not Article.objects.exists()


def test_the_draft_is_saved_only_by_those_who_write_articles(officer_a, leader_a, staff_a, contributor_a,
                                                            viewer_province, commune_a):
    for user in (leader_a, staff_a):
        assert client_for(user).post("/tin-bai/them/nhap/", _draft_fields()).status_code == 403
    assert client_for(viewer_province).post("/tin-bai/them/nhap/", _draft_fields()).status_code in (403, 404)
    assert Client().post("/tin-bai/them/nhap/", _draft_fields()).status_code == 302  # to the login page
    assert client_for(contributor_a).get("/tin-bai/them/nhap/").status_code == 405
    with commune_scope(commune_a):
        assert not Article.objects.exists()
    assert client_for(contributor_a).post("/tin-bai/them/nhap/", _draft_fields(once_token="b" * 32)).status_code == 201
    assert client_for(officer_a).post("/tin-bai/them/nhap/", _draft_fields(once_token="c" * 32)).status_code == 201


# --- preview ----------------------------------------------------------------------------------------------
def test_preview_shows_the_draft_in_the_public_template(editor_a, commune_a):
    article = write_article(commune_a, editor_a, body="<p>Bà con <strong>lưu ý</strong></p>")
    response = client_for(editor_a).get(f"/tin-bai/{article.pk}/xem-truoc/")
    page = response.content.decode()
    assert response.status_code == 200 and "Bản xem trước" in page and "noindex" in page
    assert "<strong>lưu ý</strong>" in page and 'class="site-head"' in page and "Chưa đăng" in page
    assert "no-store" in response["Cache-Control"]
    assert Client().get(f"/tin-bai/{article.pk}/xem-truoc/").status_code == 302  # residents: to the login


def test_preview_of_unsaved_changes_saves_nothing(editor_a, commune_a):
    article = write_article(commune_a, editor_a, body="<p>Bản cũ</p>")
    response = client_for(editor_a).post(f"/tin-bai/{article.pk}/xem-truoc/", {
        "title": "Tiêu đề mới", "summary": "Tóm tắt mới", "body": "<div>Dòng một<br>Dòng hai</div><script>x()</script>", "body_format": "html"})
    page = response.content.decode()
    assert "Tiêu đề mới" in page and "<p>Dòng một</p><p>Dòng hai</p>" in page and "x()" not in page
    assert fresh(article).title != "Tiêu đề mới" and fresh(article).body == "<p>Bản cũ</p>"


def test_preview_is_refused_to_those_who_cannot_read_the_article(contributor_a, other_contributor_a, editor_b,
                                                                  commune_a):
    article = write_article(commune_a, contributor_a)
    assert client_for(other_contributor_a).get(f"/tin-bai/{article.pk}/xem-truoc/").status_code == 404
    response = client_for(editor_b).get(f"/tin-bai/{article.pk}/xem-truoc/")
    assert response.status_code == 404 and article.title not in response.content.decode()


# --- categories -------------------------------------------------------------------------------------------
def test_the_editor_adds_renames_and_removes_categories(editor_a, commune_a):
    client = client_for(editor_a)
    assert client.post("/tin-bai/chuyen-muc/", {"name": "  Chuyển đổi   số "}).status_code == 302
    with commune_scope(commune_a):
        category = NewsCategory.objects.get()
    assert (category.name, category.slug) == ("Chuyển đổi số", "chuyen-doi-so")
    page = client.post("/tin-bai/chuyen-muc/", {"name": "chuyển đổi số"}).content.decode()
    assert "Đã có chuyên mục" in page
    article = write_article(commune_a, editor_a)
    client.post(f"/tin-bai/{article.pk}/sua/", {"title": article.title, "summary": article.summary, "body": "x",
                                                "category": category.pk})
    assert fresh(article).category == category
    client.post(f"/tin-bai/chuyen-muc/{category.pk}/sua/", {f"c{category.pk}-name": "Số hóa",
                                                           f"c{category.pk}-position": "3"})
    with commune_scope(commune_a):
        category.refresh_from_db()
    assert (category.name, category.slug, category.position) == ("Số hóa", "so-hoa", 3)
    client.post(f"/tin-bai/chuyen-muc/{category.pk}/xoa/")
    with commune_scope(commune_a):
        assert not NewsCategory.objects.exists()
    assert fresh(article).category is None and fresh(article).title == article.title


def test_only_editors_keep_categories_and_never_another_communes(contributor_a, officer_a, editor_b, commune_a):
    with commune_scope(commune_a):
        category = services.create_category(commune_a, name="Cải cách hành chính")
    for user in (contributor_a, officer_a):
        assert client_for(user).get("/tin-bai/chuyen-muc/").status_code == 403
    assert client_for(editor_b).post(f"/tin-bai/chuyen-muc/{category.pk}/xoa/").status_code == 404
    assert client_for(editor_b).post(f"/tin-bai/chuyen-muc/{category.pk}/sua/",
                                     {f"c{category.pk}-name": SECRET_B}).status_code == 404
    with commune_scope(commune_a):
        assert NewsCategory.objects.get().name == "Cải cách hành chính"


def test_an_article_cannot_take_another_communes_category(editor_a, editor_b, commune_a, commune_b):
    with commune_scope(commune_b):
        theirs = services.create_category(commune_b, name="Của xã khác")
    article = write_article(commune_a, editor_a)
    with commune_scope(commune_a), pytest.raises(services.WorkflowError):
        services.update_article(article, editor_a, title="x", summary="y", body="z", category=theirs)
    client_for(editor_a).post(f"/tin-bai/{article.pk}/sua/", {"title": "x", "summary": "y", "body": "z",
                                                             "category": theirs.pk})
    assert fresh(article).category is None and fresh(article).title != "x"


# --- residents: search, categories, share, follow -----------------------------------------------------------
@pytest.fixture
def news(commune_a, editor_a):
    with commune_scope(commune_a):
        reform = services.create_category(commune_a, name="Cải cách hành chính")
        digital = services.create_category(commune_a, name="Chuyển đổi số")
    items = {}
    for key, title, category, body in (
            ("poor", "Đăng ký hộ nghèo năm 2026", reform, "<p>Bà con nộp đơn tại ấp.</p>"),
            ("app", "Cài ứng dụng VNeID", digital, "<p>Định danh điện tử mức hai.</p>"),
            ("draft", "Hộ nghèo bản nháp", reform, "<p>Chưa đăng.</p>")):
        article = write_article(commune_a, editor_a, title=title, body=body)
        with commune_scope(commune_a):
            services.update_article(article, editor_a, title=title, summary=article.summary, body=body,
                                    category=category)
        if key != "draft":
            publish(article, editor_a)
        items[key] = article
    return {"commune": commune_a, "reform": reform, "digital": digital, **items}


def test_residents_search_with_or_without_diacritics(news):
    base = f"/{news['commune'].slug}/tin-tuc/"
    for query in ("ho ngheo", "Hộ Nghèo", "nop don"):
        page = Client().get(base, {"q": query}).content.decode()
        assert "Đăng ký hộ nghèo năm 2026" in page and "VNeID" not in page and "bản nháp" not in page, query
    page = Client().get(base, {"q": "dinh danh"}).content.decode()
    assert "VNeID" in page and "hộ nghèo năm" not in page
    page = Client().get(base, {"q": "giấy phép lái xe"}).content.decode()
    assert "Không tìm thấy tin nào có “giấy phép lái xe”" in page


def test_residents_filter_by_category(news):
    base = f"/{news['commune'].slug}/tin-tuc/"
    page = Client().get(base, {"chuyen-muc": "chuyen-doi-so"}).content.decode()
    assert "VNeID" in page and "hộ nghèo năm" not in page and "<h1>Chuyển đổi số</h1>" in page
    page = Client().get(base, {"chuyen-muc": "khong-co"}).content.decode()  # unknown: every article
    assert "VNeID" in page and "hộ nghèo năm" in page
    page = Client().get(base, {"chuyen-muc": "chuyen-doi-so", "q": "ho ngheo"}).content.decode()
    assert "Không tìm thấy" in page and "trong chuyên mục Chuyển đổi số" in page


def test_the_article_page_shares_by_plain_links_to_its_absolute_address(news, settings):
    settings.SITE_URL = "https://tuyentruyen.angiang.gov.vn"
    article = news["poor"]
    page = Client().get(f"/{news['commune'].slug}/tin-tuc/{article.pk}/").content.decode()
    address = f"https%3A%2F%2Ftuyentruyen.angiang.gov.vn%2F{news['commune'].slug}%2Ftin-tuc%2F{article.pk}%2F"
    assert f'href="https://sp.zalo.me/share_inline?url={address}"' in page
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={address}"' in page
    assert "connect.facebook.net" not in page and "sp.zalo.me/plugins" not in page
    assert f"?chuyen-muc={news['reform'].slug}" in page  # the breadcrumb leads to the category


def test_follow_links_show_only_when_the_commune_set_them(news, admin_a):
    path = f"/{news['commune'].slug}/"
    assert 'data-testid="follow"' not in Client().get(path).content.decode()
    response = client_for(admin_a).post("/thong-tin-lien-he/", {
        "zalo_oa_url": "zalo.me/1234567890123456789", "facebook_url": "https://www.facebook.com/xaanhoa"})
    assert response.status_code == 302
    page = Client().get(path).content.decode()
    assert 'href="https://zalo.me/1234567890123456789"' in page and 'href="https://www.facebook.com/xaanhoa"' in page


@pytest.mark.parametrize("field,value", [
    ("zalo_oa_url", "https://evil.example/zalo.me"), ("zalo_oa_url", "javascript:alert(1)"),
    ("facebook_url", "https://www.facebook.com/"), ("facebook_url", "https://facebook.com.evil.example/x"),
])
def test_a_follow_link_elsewhere_is_refused_with_an_example(admin_a, commune_a, field, value):
    response = client_for(admin_a).post("/thong-tin-lien-he/", {field: value})
    assert response.status_code == 200 and "ví dụ https://" in response.content.decode()
    commune_a.refresh_from_db()
    assert getattr(commune_a, field) == ""


def test_the_service_refuses_a_follow_link_elsewhere_too(commune_a):
    from tuyentruyen.localities.civic import CivicInputError

    with pytest.raises(CivicInputError):
        localities.update_civic_information(commune_a, hotline="", email="", address="", office_hours="",
                                            directory=[], reception=[], facebook_url="https://x.example/a")


def test_the_form_loads_the_editor_over_a_plain_box(editor_a, commune_a):
    client = client_for(editor_a)
    page = client.get("/tin-bai/them/").content.decode()
    assert '<input type="hidden" name="body_format" value="auto"' in page and "Body format" not in page
    assert "vendor/trix-2.1.19.min.js" in page and 'data-upload-url=""' in page
    assert 'data-draft-url="/tin-bai/them/nhap/"' in page  # the first picture saves the draft first
    assert '<textarea name="body"' in page  # what is used with JavaScript off
    article = write_article(commune_a, editor_a)
    page = client.get(f"/tin-bai/{article.pk}/sua/").content.decode()
    assert f'data-upload-url="/tin-bai/{article.pk}/anh/tai-len/"' in page
    assert f'formaction="/tin-bai/{article.pk}/xem-truoc/"' in page
    assert 'data-draft-url=""' in page  # saved already: nothing to save before a picture
