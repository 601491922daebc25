import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tuyentruyen.conftest import client_for
from tuyentruyen.engagement import services, sipas
from tuyentruyen.engagement.models import Factor, Survey, SurveyQuestion, SurveyResponse, SurveySection
from tuyentruyen.engagement.public_views import SURVEY_LIMITS
from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled

pytestmark = pytest.mark.django_db


def sipas_survey(commune, open_it=True):
    with commune_scope(commune):
        survey = services.create_survey(commune, title="", template="sipas")
        if open_it:
            services.set_survey_status(survey, "open")
        return survey


def scale_questions(survey):
    with scopes_disabled():
        return list(SurveyQuestion.objects.filter(survey=survey, kind="scale").select_related("section"))


def form_token(survey):
    """A token as the form issues it, a minute ago (a resident takes that long to answer)."""
    with time_machine.travel(timezone.now() - timedelta(minutes=1)):
        return services.issue_survey_token(survey)


def full_answers(survey, score=5, token=None):
    with scopes_disabled():
        questions = list(SurveyQuestion.objects.filter(survey=survey))
    data = {"phieu": token or form_token(survey)}
    for q in questions:
        if q.kind == "scale":
            data[f"q{q.pk}"] = str(score)
        elif q.kind == "single":
            data[f"q{q.pk}"] = "0"
    return data


def test_sipas_template_covers_the_five_factors(commune_a, officer_a):
    response = client_for(officer_a).post("/khao-sat/tao-moi/", {"template": "sipas"})
    assert response.status_code == 302
    with commune_scope(commune_a):
        survey = Survey.objects.get()
        factors = set(SurveySection.objects.filter(survey=survey).exclude(factor="").values_list("factor", flat=True))
        assert survey.title == sipas.TITLE
    assert factors == set(Factor.values)
    assert all(q.section.factor for q in scale_questions(survey))


def test_builder_adds_sections_and_questions(commune_a, officer_a):
    client = client_for(officer_a)
    client.post("/khao-sat/tao-moi/", {"title": "Ý kiến về đài truyền thanh"})
    with commune_scope(commune_a):
        survey = Survey.objects.get()
    base = f"/khao-sat/{survey.pk}/"
    client.post(base + "phan/them/", {"title": "Chất lượng", "factor": ""})
    with commune_scope(commune_a):
        section = SurveySection.objects.get(survey=survey)
    assert client.post(base + "cau-hoi/them/", {"text": "Nghe rõ không?", "kind": "scale", "section": section.pk,
                                               "required": "on"}).status_code == 302
    client.post(base + "cau-hoi/them/", {"text": "Nghe vào giờ nào?", "kind": "multiple",
                                         "choices": "Sáng\nTrưa\n\nTối"})
    client.post(base + "cau-hoi/them/", {"text": "Chỉ một lựa chọn", "kind": "single", "choices": "Một"})
    client.post(base + "cau-hoi/them/", {"text": "Góp ý", "kind": "text"})
    with commune_scope(commune_a):
        questions = list(SurveyQuestion.objects.filter(survey=survey))
    assert [(q.text, q.kind, q.required) for q in questions] == [
        ("Nghe rõ không?", "scale", True), ("Nghe vào giờ nào?", "multiple", False), ("Góp ý", "text", False)]
    assert questions[1].choices == ["Sáng", "Trưa", "Tối"]
    assert client.get(base).status_code == 200


def test_structure_is_locked_once_answers_exist(commune_a, officer_a):
    survey = sipas_survey(commune_a)
    Client().post(f"/{commune_a.slug}/khao-sat/{survey.pk}/", full_answers(survey))
    question = scale_questions(survey)[0]
    client = client_for(officer_a)
    client.post(f"/khao-sat/{survey.pk}/cau-hoi/{question.pk}/xoa/")
    with scopes_disabled():
        assert SurveyQuestion.objects.filter(pk=question.pk).exists()


def test_resident_answers_once_per_device(commune_a):
    survey = sipas_survey(commune_a)
    url = f"/{commune_a.slug}/khao-sat/{survey.pk}/"
    client = Client()
    page = client.get(url).content.decode()
    assert "không lưu danh tính hay địa chỉ mạng" in page  # the page says how repeats are limited
    incomplete = client.post(url, {})
    assert incomplete.status_code == 400 and "Câu hỏi này cần được trả lời." in incomplete.content.decode()
    response = client.post(url, full_answers(survey))
    assert response.status_code == 302 and response.cookies[f"khaosat_{survey.pk}"].value == "1"
    assert "đã gửi phiếu trả lời" in client.get(url).content.decode()
    with scopes_disabled():
        answers = SurveyResponse.objects.get().answers
    assert set(answers.values()) == {5, 0}


def test_survey_rate_limit_per_address(commune_a):
    survey = sipas_survey(commune_a)
    url = f"/{commune_a.slug}/khao-sat/{survey.pk}/"
    limit = SURVEY_LIMITS[0][1]
    with time_machine.travel(timezone.now(), tick=False):
        answers = [full_answers(survey) for _ in range(limit + 3)]
        statuses = [Client(REMOTE_ADDR="203.0.113.5").post(url, data).status_code for data in answers]
    assert statuses.count(302) == limit and statuses[-1] == 429
    assert Client(REMOTE_ADDR="203.0.113.6").post(url, full_answers(survey)).status_code == 302


def test_closed_or_draft_survey_is_not_public(commune_a):
    survey = sipas_survey(commune_a, open_it=False)
    assert Client().get(f"/{commune_a.slug}/khao-sat/{survey.pk}/").status_code == 404


def test_results_index_chart_and_target(commune_a, officer_a):
    commune_a.settings = {"survey_target_percent": 80}
    commune_a.save()
    survey = sipas_survey(commune_a)
    url = f"/{commune_a.slug}/khao-sat/{survey.pk}/"
    for n, score in enumerate((5, 4, 2)):
        Client(REMOTE_ADDR=f"10.0.0.{n}").post(url, full_answers(survey, score))
    page = client_for(officer_a).get(f"/khao-sat/{survey.pk}/ket-qua/")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "Mục tiêu 80 %" in html
    assert "<caption>Chỉ số hài lòng theo yếu tố</caption>" in html
    assert html.count("<td>66,7</td>") == 6  # each of the five factors and the overall index: 2 of 3 satisfied
    assert "3 phiếu trả lời" in html and "Chưa đủ phiếu để kết luận" in html and "Chưa đạt" not in html


def test_results_conclude_from_the_minimum_sample(commune_a, officer_a):
    survey = sipas_survey(commune_a)
    with scopes_disabled():
        questions = list(SurveyQuestion.objects.filter(survey=survey, kind="scale"))
        SurveyResponse.objects.bulk_create([
            SurveyResponse(survey=survey, token=f"{n:032d}", answers={str(q.pk): 5 if n % 3 else 2 for q in questions})
            for n in range(services_min_sample())])
    html = client_for(officer_a).get(f"/khao-sat/{survey.pk}/ket-qua/").content.decode()
    assert "Chưa đủ phiếu để kết luận" not in html and "Chưa đạt" in html


def services_min_sample():
    from tuyentruyen.engagement.figures import MIN_SAMPLE

    return MIN_SAMPLE


def test_one_form_takes_one_answer(commune_a):
    survey = sipas_survey(commune_a)
    url = f"/{commune_a.slug}/khao-sat/{survey.pk}/"
    with time_machine.travel(timezone.now(), tick=False) as clock:
        page = Client().get(url).content.decode()
        token = re.search(r'name="phieu" value="([^"]+)"', page).group(1)
        too_fast = Client().post(url, full_answers(survey, token=token))
        assert too_fast.status_code == 400 and services.TOKEN_TOO_FAST in too_fast.content.decode()
        clock.shift(60)
        assert Client().post(url, full_answers(survey, token=token)).status_code == 302
        again = Client().post(url, full_answers(survey, score=1, token=token))  # cookie-less replay
        assert again.status_code == 400 and services.TOKEN_USED in again.content.decode()
        for forged in ("", "abc", token.replace(token[-3:], "xyz")):
            refused = Client().post(url, full_answers(survey, token=forged or "x"))
            assert refused.status_code == 400 and services.TOKEN_INVALID in refused.content.decode()
        other = sipas_survey(commune_a)
        assert services.TOKEN_INVALID in Client().post(f"/{commune_a.slug}/khao-sat/{other.pk}/",
                                                      full_answers(other, token=token)).content.decode()
        clock.shift(services.SURVEY_TOKEN_MAX_AGE + 1)
        late = Client().post(url, full_answers(survey, token=form_token(survey)))
        assert late.status_code == 302  # a fresh token works; an expired one does not:
        stale = services.issue_survey_token(survey)
        clock.shift(services.SURVEY_TOKEN_MAX_AGE + 1)
        assert services.TOKEN_INVALID in Client().post(url, full_answers(survey, token=stale)).content.decode()
    with scopes_disabled():
        assert SurveyResponse.objects.filter(survey=survey).count() == 2


def test_results_export_to_xlsx(commune_a, officer_a):
    survey = sipas_survey(commune_a)
    Client().post(f"/{commune_a.slug}/khao-sat/{survey.pk}/", {**full_answers(survey, 4), f"q{scale_questions(survey)[0].pk}": "5"})
    response = client_for(officer_a).get(f"/khao-sat/{survey.pk}/ket-qua.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Chỉ số", "Phiếu trả lời"]
    rows = list(wb["Chỉ số"].values)
    assert rows[1][0] == "Tiếp cận dịch vụ" and rows[1][2] == 100.0
    answers = list(wb["Phiếu trả lời"].values)
    assert answers[1][2] == "Hộ tịch" and 5 in answers[1]


def test_qr_code_is_svg_pointing_to_the_public_page(commune_a, officer_a, leader_a):
    survey = sipas_survey(commune_a)
    response = client_for(leader_a).get(f"/khao-sat/{survey.pk}/ma-qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") and b"<svg" in response.content


def test_leader_reads_but_does_not_build(commune_a, leader_a):
    survey = sipas_survey(commune_a)
    client = client_for(leader_a)
    assert client.get(f"/khao-sat/{survey.pk}/ket-qua/").status_code == 200
    assert client.post(f"/khao-sat/{survey.pk}/trang-thai/", {"status": "closed"}).status_code == 403


def test_other_commune_survey_is_refused(commune_a, commune_b, officer_a):
    survey_b = sipas_survey(commune_b)
    assert client_for(officer_a).get(f"/khao-sat/{survey_b.pk}/ket-qua/").status_code == 404
    assert Client().get(f"/{commune_a.slug}/khao-sat/{survey_b.pk}/").status_code == 404


def test_survey_list_query_count(commune_a, officer_a, django_assert_max_num_queries):
    client = client_for(officer_a)
    sipas_survey(commune_a)
    client.get("/khao-sat/")
    for _ in range(5):
        sipas_survey(commune_a)
    with django_assert_max_num_queries(10):
        assert client.get("/khao-sat/").status_code == 200
