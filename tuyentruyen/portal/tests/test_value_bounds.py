"""Random and extreme minutes and dates through the broadcast record and the article schedule."""

import pytest
from hypothesis import given

from tuyentruyen.conftest import client_for
from tuyentruyen.lib import bounds
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.portal import services
from tuyentruyen.portal.models import Article, Broadcast
from tuyentruyen.tests.values import DATE_TEXT, DATETIME_TEXT, NUMBER_TEXT, PROPERTY, rolled_back

from .conftest import write_article

pytestmark = pytest.mark.django_db


@PROPERTY
@given(minutes=NUMBER_TEXT, aired_on=DATE_TEXT)
def test_broadcast_record_within_bounds_or_refused(commune_a, editor_a, minutes, aired_on):
    with commune_scope(commune_a):
        bulletin = services.create_bulletin(commune_a, editor_a, title="Bản tin CCHC", channel="loudspeaker",
                                            articles=[])
    client = client_for(editor_a)

    def check():
        response = client.post(f"/phat-thanh/ban-tin/{bulletin.pk}/da-phat/",
                               {"channel": "loudspeaker", "aired_on": aired_on, "minutes": minutes})
        assert response.status_code == 302
        with commune_scope(commune_a):
            for broadcast in Broadcast.objects.all():
                assert bounds.BROADCAST_MINUTES.contains(broadcast.minutes) and bounds.DATE.contains(
                    broadcast.aired_on)
        assert client.get(f"/phat-thanh/ban-tin/{bulletin.pk}/").status_code == 200
        assert client.get("/hoat-dong/").status_code == 200

    rolled_back(check)


@PROPERTY
@given(publish_at=DATETIME_TEXT)
def test_article_schedule_within_bounds_or_refused(commune_a, editor_a, publish_at):
    client = client_for(editor_a)

    def check():
        response = client.post("/tin-bai/them/", {"title": "Lịch làm việc", "summary": "Tóm tắt.",
                                                  "body": "<p>Nội dung.</p>", "publish_at": publish_at})
        assert response.status_code in (200, 302)
        with commune_scope(commune_a):
            saved = list(Article.objects.filter(title="Lịch làm việc"))
        assert len(saved) == (1 if response.status_code == 302 else 0)
        assert all(bounds.DATETIME.contains(a.publish_at) for a in saved)
        assert client.get("/tin-bai/").status_code == 200

    rolled_back(check)


def test_existing_articles_still_list(commune_a, editor_a):
    write_article(commune_a, editor_a)
    assert client_for(editor_a).get("/tin-bai/").status_code == 200
