import pytest

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD, SECRET_B
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.portal import services
from tuyentruyen.portal.public_views import clear_page_cache


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    clear_page_cache()
    yield
    clear_page_cache()


@pytest.fixture
def editor_a(commune_a):
    return create_user("bientap_a", PASSWORD, roles=[Role.EDITOR], commune=commune_a, full_name="Biên Tập A")


@pytest.fixture
def contributor_a(commune_a):
    return create_user("ctv_a", PASSWORD, roles=[Role.CONTRIBUTOR], commune=commune_a, full_name="Cộng Tác A")


@pytest.fixture
def other_contributor_a(commune_a):
    return create_user("ctv2_a", PASSWORD, roles=[Role.CONTRIBUTOR], commune=commune_a, full_name="Cộng Tác Hai")


@pytest.fixture
def editor_b(commune_b):
    return create_user("bientap_b", PASSWORD, roles=[Role.EDITOR], commune=commune_b,
                       full_name=f"Biên Tập {SECRET_B}")


def write_article(commune, user, title="Thủ tục làm căn cước tại xã", summary="Bà con làm căn cước tại Trung tâm "
                  "Phục vụ hành chính công.", body="<p>Nội dung chi tiết.</p>", topics=()):
    with commune_scope(commune):
        return services.create_article(commune, user, title=title, summary=summary, body=body, topics=topics)


def publish(article, user):
    with commune_scope(article.commune_id):
        return services.publish_article(article, user)


def _ascii_slug(commune):
    # tuyentruyen/conftest.py makes slugs with diacritics ("xa-an-hòa-90001"), which the <slug:> converter of
    # /<commune-slug>/ never matches; real slugs (the official list) are ASCII.
    from tuyentruyen.lib.text import slugify_vi

    commune.slug = f"{slugify_vi(commune.full_name)}-{commune.pk}"
    commune.save(update_fields=["slug"])
    return commune


@pytest.fixture
def commune_a(commune_a):
    return _ascii_slug(commune_a)


@pytest.fixture
def commune_b(commune_b):
    return _ascii_slug(commune_b)
