import shutil

import pytest

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.portal import services
from tuyentruyen.portal.models import AudioStatus, BroadcastSlot, Bulletin
from tuyentruyen.portal.script import estimated_minutes, format_minutes
from tuyentruyen.portal.tasks import render_bulletin_audio
from tuyentruyen.portal.tts import EspeakEngine

from .conftest import write_article

HAS_ESPEAK = shutil.which("espeak-ng") is not None


@pytest.mark.parametrize("words,minutes", [(0, 0), (1, 0.5), (160, 1), (161, 1.5), (400, 2.5)])
def test_minutes_at_160_words_a_minute(words, minutes):
    assert estimated_minutes(" ".join(["chữ"] * words)) == minutes


def test_minutes_read_with_a_decimal_comma():
    assert format_minutes(2.5) == "2,5" and format_minutes(3.0) == "3"


@pytest.mark.skipif(not HAS_ESPEAK, reason="espeak-ng is not installed (apt-get install espeak-ng)")
def test_espeak_produces_vietnamese_audio():
    audio, mime = EspeakEngine().synthesize("Kính thưa bà con, sau đây là bản tin cải cách hành chính.")
    assert mime in {"audio/wav", "audio/mpeg"} and len(audio) > 10_000


@pytest.mark.django_db
def test_schedule_slots_are_kept_per_week(editor_a, commune_a):
    client = client_for(editor_a)
    client.post("/phat-thanh/", {"channel": "radio", "weekday": 0, "start": "06:00", "duration_minutes": 15})
    client.post("/phat-thanh/", {"channel": "radio", "weekday": 3, "start": "06:00", "duration_minutes": 15})
    with commune_scope(commune_a):
        assert [str(s) for s in BroadcastSlot.objects.all()] == [
            "Thứ Hai 06:00–06:15 (Đài truyền thanh)", "Thứ Năm 06:00–06:15 (Đài truyền thanh)"]


@pytest.mark.django_db
def test_bulletin_from_articles_edit_print_and_audio(editor_a, commune_a, django_capture_on_commit_callbacks):
    first = write_article(commune_a, editor_a, title="Dịch vụ công trực tuyến",
                          body="<p>" + "nộp hồ sơ qua mạng " * 60 + "</p>")
    second = write_article(commune_a, editor_a, title="Đường dây nóng", body="<p>Gọi số của xã.</p>")
    with commune_scope(commune_a):
        for article in (first, second):
            services.submit_article(article, editor_a)
    client = client_for(editor_a)
    response = client.post("/phat-thanh/ban-tin/them/", {"title": "Bản tin CCHC số 1", "channel": "radio",
                                                         "articles": [first.pk, second.pk]})
    with commune_scope(commune_a):
        bulletin = Bulletin.objects.get()
        items = sorted(bulletin.items.all(), key=lambda i: i.heading != "Dịch vụ công trực tuyến")
    assert response.status_code == 302 and {i.heading for i in items} == {"Dịch vụ công trực tuyến", "Đường dây nóng"}
    # the editor puts the second item first and rewrites it
    client.post(f"/phat-thanh/ban-tin/{bulletin.pk}/", {
        "title": "Bản tin CCHC số 1", "channel": "radio", "intro": "Xin chào bà con.", "outro": "Hết.",
        "item": [items[0].pk, items[1].pk], f"order-{items[0].pk}": "2", f"order-{items[1].pk}": "1",
        f"heading-{items[0].pk}": items[0].heading, f"text-{items[0].pk}": items[0].text,
        f"heading-{items[1].pk}": "Số điện thoại đường dây nóng", f"text-{items[1].pk}": "Bà con gọi 0296 3800 111.",
    })
    with commune_scope(commune_a):
        assert [i.heading for i in bulletin.items.all()] == ["Số điện thoại đường dây nóng", "Dịch vụ công trực tuyến"]
    page = client.get(f"/phat-thanh/ban-tin/{bulletin.pk}/in/").content.decode()
    assert page.index("Số điện thoại đường dây nóng") < page.index("Dịch vụ công trực tuyến")
    assert "phút" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/phat-thanh/ban-tin/{bulletin.pk}/am-thanh/")
    with commune_scope(commune_a):
        assert Bulletin.objects.get().audio_status == AudioStatus.PENDING
    if not HAS_ESPEAK:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")
    assert render_bulletin_audio.call(bulletin.pk) == AudioStatus.READY
    download = client.get(f"/phat-thanh/ban-tin/{bulletin.pk}/am-thanh/")
    assert download.status_code == 200 and len(b"".join(download.streaming_content)) > 10_000


@pytest.mark.django_db
def test_a_failing_engine_marks_the_audio_failed(editor_a, commune_a, settings):
    settings.TTS_ENGINE = "tuyentruyen.portal.tests.test_broadcasts.BrokenEngine"
    with commune_scope(commune_a):
        bulletin = services.create_bulletin(commune_a, editor_a, title="B", channel="radio")
    assert render_bulletin_audio.call(bulletin.pk) == AudioStatus.FAILED


class BrokenEngine:
    def synthesize(self, text):
        from tuyentruyen.portal.tts import SynthesisFailed

        raise SynthesisFailed("hỏng")


@pytest.mark.django_db
def test_contributors_have_no_broadcast_pages(contributor_a):
    assert client_for(contributor_a).get("/phat-thanh/").status_code == 403


def test_a_slot_with_an_unknown_channel_or_day_is_refused(commune_a):
    from datetime import time

    from tuyentruyen.portal.models import BroadcastSlot
    from tuyentruyen.portal.services import WorkflowError, add_slot

    with commune_scope(commune_a):
        with pytest.raises(WorkflowError, match="Kênh phát không hợp lệ"):
            add_slot(commune_a, channel="Đài truyền thanh xã", weekday=0, start=time(6), duration_minutes=15)
        with pytest.raises(WorkflowError, match="Ngày phát"):
            add_slot(commune_a, channel="radio", weekday=9, start=time(6), duration_minutes=15)
        assert not BroadcastSlot.objects.filter(commune=commune_a).exists()
