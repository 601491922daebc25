import pytest
from django.utils import timezone

from tuyentruyen.conftest import SECRET_B, client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.portal.models import Article, ArticleRevision, ArticleStatus

from .conftest import write_article

pytestmark = pytest.mark.django_db


def status_of(article):
    with commune_scope(article.commune_id):
        return Article.objects.get(pk=article.pk).status


def test_contributor_writes_and_submits_a_draft(contributor_a):
    client = client_for(contributor_a)
    response = client.post("/tin-bai/them/", {"title": "Nộp hồ sơ trực tuyến", "summary": "Cách nộp hồ sơ.",
                                              "body": "<p>Vào <strong>Cổng dịch vụ công</strong>.</p>"})
    assert response.status_code == 302
    with commune_scope(contributor_a.commune):
        article = Article.objects.get()
    assert article.author == contributor_a and article.status == ArticleStatus.DRAFT
    assert client.post(f"/tin-bai/{article.pk}/gui-duyet/").status_code == 302
    assert status_of(article) == ArticleStatus.SUBMITTED


def test_contributor_cannot_publish_schedule_or_return(contributor_a):
    article = write_article(contributor_a.commune, contributor_a)
    client = client_for(contributor_a)
    assert client.post(f"/tin-bai/{article.pk}/dang/").status_code == 403
    assert client.post(f"/tin-bai/{article.pk}/hen-gio/", {"publish_at": "2099-01-01T08:00"}).status_code == 403
    assert client.post(f"/tin-bai/{article.pk}/tra-lai/", {"note": "x"}).status_code == 403
    assert status_of(article) == ArticleStatus.DRAFT


def test_editor_publishes_and_the_article_goes_public(editor_a, contributor_a, commune_a):
    article = write_article(commune_a, contributor_a)
    client = client_for(editor_a)
    assert client.get(f"/{commune_a.slug}/tin-tuc/{article.pk}/").status_code == 404
    assert client.post(f"/tin-bai/{article.pk}/dang/").status_code == 302
    assert status_of(article) == ArticleStatus.PUBLISHED
    assert client.get(f"/{commune_a.slug}/tin-tuc/{article.pk}/").status_code == 200
    client.post(f"/tin-bai/{article.pk}/go/")
    assert status_of(article) == ArticleStatus.WITHDRAWN
    assert client.get(f"/{commune_a.slug}/tin-tuc/{article.pk}/").status_code == 404


def test_editor_returns_with_a_comment_the_author_reads(editor_a, contributor_a, commune_a):
    article = write_article(commune_a, contributor_a)
    client_for(contributor_a).post(f"/tin-bai/{article.pk}/gui-duyet/")
    client_for(editor_a).post(f"/tin-bai/{article.pk}/tra-lai/", {"note": "Thêm số điện thoại đường dây nóng."})
    assert status_of(article) == ArticleStatus.RETURNED
    page = client_for(contributor_a).get(f"/tin-bai/{article.pk}/").content.decode()
    assert "Thêm số điện thoại đường dây nóng." in page


def test_a_contributor_only_sees_and_edits_their_own(contributor_a, other_contributor_a, commune_a):
    article = write_article(commune_a, contributor_a, title="Bài của người khác")
    client = client_for(other_contributor_a)
    assert client.get(f"/tin-bai/{article.pk}/").status_code == 404
    assert client.get(f"/tin-bai/{article.pk}/sua/").status_code == 404
    assert "Bài của người khác" not in client.get("/tin-bai/").content.decode()


def test_contributor_cannot_edit_once_submitted(contributor_a, commune_a):
    article = write_article(commune_a, contributor_a)
    client = client_for(contributor_a)
    client.post(f"/tin-bai/{article.pk}/gui-duyet/")
    assert client.post(f"/tin-bai/{article.pk}/sua/", {"title": "x", "summary": "y"}).status_code == 403


def test_commune_b_editor_cannot_touch_commune_a_article(editor_b, contributor_a, commune_a):
    article = write_article(commune_a, contributor_a)
    client = client_for(editor_b)
    for url in ("", "sua/", "lich-su/"):
        assert client.get(f"/tin-bai/{article.pk}/{url}").status_code == 404
    for url in ("dang/", "go/", "gui-duyet/", "tra-lai/", "anh/"):
        assert client.post(f"/tin-bai/{article.pk}/{url}", {"note": "x"}).status_code == 404
    assert status_of(article) == ArticleStatus.DRAFT
    assert SECRET_B not in client_for(contributor_a).get("/tin-bai/").content.decode()


def test_each_save_keeps_a_revision_and_the_page_shows_them(editor_a, commune_a):
    article = write_article(commune_a, editor_a, title="Bản đầu")
    client = client_for(editor_a)
    client.post(f"/tin-bai/{article.pk}/sua/", {"title": "Bản hai", "summary": "Tóm tắt", "body": "<p>Hai</p>"})
    client.post(f"/tin-bai/{article.pk}/sua/", {"title": "Bản hai", "summary": "Tóm tắt", "body": "<p>Hai</p>"})
    with commune_scope(commune_a):
        assert list(ArticleRevision.objects.filter(article=article).values_list("title", flat=True)) == \
            ["Bản hai", "Bản đầu"]  # the unchanged second save kept nothing
    page = client.get(f"/tin-bai/{article.pk}/lich-su/").content.decode()
    assert "Bản đầu" in page and "Lần 2" in page


def test_body_is_sanitised_on_save(editor_a, commune_a):
    article = write_article(commune_a, editor_a)
    client_for(editor_a).post(f"/tin-bai/{article.pk}/sua/", {
        "title": "T", "summary": "S",
        "body": '<p onmouseover="x()">A<script>alert(1)</script><a href="javascript:alert(1)">b</a>'
                '<img src="/x.png" onerror="alert(1)"></p>'})
    with commune_scope(commune_a):
        body = Article.objects.get(pk=article.pk).body
    assert "script" not in body and "onmouseover" not in body and "javascript:" not in body
    assert "onerror" not in body and "<img" not in body


def test_article_list_query_count_does_not_grow(editor_a, commune_a, django_assert_max_num_queries):
    client = client_for(editor_a)
    for i in range(3):
        write_article(commune_a, editor_a, title=f"Tin {i}")
    with django_assert_max_num_queries(12) as few:
        client.get("/tin-bai/")
    for i in range(20):
        write_article(commune_a, editor_a, title=f"Tin thêm {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/tin-bai/")


def test_scheduling_needs_a_future_time(editor_a, commune_a):
    article = write_article(commune_a, editor_a)
    past = timezone.localtime(timezone.now() - timezone.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    client_for(editor_a).post(f"/tin-bai/{article.pk}/hen-gio/", {"publish_at": past})
    assert status_of(article) == ArticleStatus.DRAFT
