import pytest

from tuyentruyen.accounts.models import User
from tuyentruyen.lib.tenancy import scopes_disabled
from tuyentruyen.web.demo import DEMO_COMMUNE_CODE, load_demo


@pytest.mark.django_db
def test_the_demo_loads_twice_without_duplicates():
    first = load_demo()
    second = load_demo()
    assert first == second and len(first) == 10
    assert User.objects.filter(commune_id=DEMO_COMMUNE_CODE).count() == 6
    with scopes_disabled():  # the check spans the demo commune and the shared catalogue
        from tuyentruyen.plans.models import Plan
        from tuyentruyen.procedures.models import Procedure

        plan = Plan.objects.get(commune_id=DEMO_COMMUNE_CODE)
        assert plan.revisions.get().status == "issued"
        assert Procedure.objects.count() >= 34
        from tuyentruyen.portal.models import Article
        from tuyentruyen.work.models import Activity

        # ten recorded activities plus the two articles' publications
        assert Activity.objects.filter(commune_id=DEMO_COMMUNE_CODE).count() == 12
        assert Article.objects.filter(commune_id=DEMO_COMMUNE_CODE, status="published").count() == 2
    # The demo's contacts say they are examples; nothing passes for the real commune's.
    from django.test import Client

    from tuyentruyen.localities.models import Commune

    slug = Commune.objects.get(pk=DEMO_COMMUNE_CODE).slug
    contacts = Client().get(f"/{slug}/lien-he/").content.decode()
    assert "minh họa" in contacts and "example.vn" not in contacts and "3800 000" not in contacts
    assert "Lịch tiếp công dân" in contacts and 'href="tel:0123456701"' in contacts


@pytest.mark.django_db
def test_the_demo_province_has_several_communes_to_compare():
    from tuyentruyen.localities.models import Commune
    from tuyentruyen.reports.models import Report
    from tuyentruyen.web.demo import DEMO_NEIGHBOURS

    load_demo()
    load_demo()
    codes = [code for code, _acts, _sends in DEMO_NEIGHBOURS]
    assert Commune.objects.filter(pk__in=codes, onboarded_at__isnull=False).count() == 3
    with scopes_disabled():  # counts over the demo's communes
        from tuyentruyen.work.models import Activity

        assert Activity.objects.filter(commune_id__in=codes).count() == 6
        sent = Report.objects.filter(commune_id__in=codes, unit__isnull=True)
        assert sent.filter(status__in=("submitted", "accepted")).count() == 2
        assert sent.filter(status="accepted").count() == 1
