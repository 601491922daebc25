import pytest

from tuyentruyen.conftest import client_for
from tuyentruyen.engagement import services
from tuyentruyen.engagement.models import SurveyQuestion
from tuyentruyen.lib.tenancy import commune_scope

from .conftest import make_bank, make_contest

pytestmark = pytest.mark.django_db


def test_every_staff_page_renders_for_its_roles(commune_a, officer_a, editor_a, leader_a, staff_a):
    with commune_scope(commune_a):
        survey = services.create_survey(commune_a, title="", template="sipas")
        question = SurveyQuestion.objects.filter(survey=survey).first()
    item = make_bank(commune_a, count=1)[0]
    contest = make_contest(commune_a)
    pages = {
        officer_a: ["/phan-anh-kien-nghi/", "/khao-sat/", f"/khao-sat/{survey.pk}/",
                    f"/khao-sat/{survey.pk}/cau-hoi/{question.pk}/sua/", f"/khao-sat/{survey.pk}/ket-qua/"],
        editor_a: ["/cuoc-thi/", "/cuoc-thi/tao-moi/", "/cuoc-thi/ngan-hang-cau-hoi/",
                   f"/cuoc-thi/ngan-hang-cau-hoi/{item.pk}/sua/", f"/cuoc-thi/{contest.pk}/"],
        leader_a: ["/phan-anh-kien-nghi/", "/khao-sat/", f"/khao-sat/{survey.pk}/ket-qua/"],
        staff_a: ["/phan-anh-kien-nghi/"],
    }
    for user, urls in pages.items():
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)


def test_roles_outside_the_menu_are_refused(commune_a, staff_a, editor_a, leader_a):
    assert client_for(staff_a).get("/khao-sat/").status_code == 403
    assert client_for(staff_a).get("/cuoc-thi/").status_code == 403
    assert client_for(editor_a).get("/phan-anh-kien-nghi/").status_code == 403
    assert client_for(leader_a).get("/cuoc-thi/").status_code == 403


def test_navigation_items(commune_a, officer_a, editor_a, staff_a):
    from tuyentruyen.web.navigation import items_for

    labels = lambda user: {i["label"] for i in items_for(user)}  # noqa: E731
    assert {"Phản ánh, kiến nghị", "Khảo sát", "Cuộc thi"} <= labels(officer_a)
    assert "Cuộc thi" in labels(editor_a) and "Khảo sát" not in labels(editor_a)
    assert "Phản ánh, kiến nghị" in labels(staff_a) and "Cuộc thi" not in labels(staff_a)
