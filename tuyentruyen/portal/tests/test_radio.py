"""The radio residents hear: the public page, the audio (header, MP3), urgency, the package, editors' settings."""

import io
import shutil
import struct
import zipfile
from datetime import time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.portal import services
from tuyentruyen.portal.models import AudioStatus, BroadcastSlot, Urgency
from tuyentruyen.portal.tasks import render_bulletin_audio
from tuyentruyen.portal.tts import EspeakEngine, fix_wav_header, mp3_encoder, wav_duration

HAS_ESPEAK = shutil.which("espeak-ng") is not None
ENCODER = mp3_encoder()


def pcm_wav(seconds: float, rate: int = 22050, streaming: bool = True) -> bytes:
    """A mono 16-bit WAV; ``streaming`` writes espeak's placeholder sizes (0x7FFFF000)."""
    data = b"\0\0" * int(rate * seconds)
    riff, chunk = (0x7FFFF024, 0x7FFFF000) if streaming else (36 + len(data), len(data))
    return (b"RIFF" + struct.pack("<I", riff) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
            + b"data" + struct.pack("<I", chunk) + data)


class SilentEngine:
    """Two seconds of silence, and the text it was given (to check what the voice receives)."""

    spoken: list[str] = []

    def synthesize(self, text, mp3=True):
        SilentEngine.spoken.append(text)
        return fix_wav_header(pcm_wav(2)), "audio/wav"


def test_the_wav_header_is_rewritten_with_the_real_sizes():
    fixed = fix_wav_header(pcm_wav(1.5))
    assert struct.unpack_from("<I", fixed, 4)[0] == len(fixed) - 8
    assert struct.unpack_from("<I", fixed, 40)[0] == len(fixed) - 44
    assert wav_duration(fixed) == pytest.approx(1.5, abs=0.01)
    assert fix_wav_header(b"ID3 not a wav") == b"ID3 not a wav"


@pytest.mark.skipif(not HAS_ESPEAK, reason="espeak-ng is not installed (apt-get install espeak-ng)")
def test_espeak_wav_has_a_true_duration():
    wav, mime = EspeakEngine().synthesize("Ủy ban nhân dân xã thông báo lịch tiếp công dân.", mp3=False)
    assert mime == "audio/wav" and struct.unpack_from("<I", wav, 4)[0] == len(wav) - 8
    assert 1 < wav_duration(wav) < 10


@pytest.mark.skipif(not (HAS_ESPEAK and ENCODER), reason="neither lame nor ffmpeg is installed: MP3 not checked")
def test_mp3_is_64_kbit_mono():
    audio, mime = EspeakEngine().synthesize("Kính thưa bà con, sau đây là bản tin cải cách hành chính.")
    assert mime == "audio/mpeg"
    header = int.from_bytes(audio[:4], "big")  # the first frame (lame's Info frame has the stream's format)
    assert header >> 21 == 0x7FF and (header >> 17) & 0b11 == 0b01  # frame sync, layer III
    mpeg1 = (header >> 19) & 0b11 == 0b11  # espeak's 22.05 kHz makes MPEG-2 frames, whose table differs
    assert (header >> 12) & 0xF == (5 if mpeg1 else 8)  # the bit-rate index of 64 kbit/s
    assert (header >> 6) & 0b11 == 0b11  # channel mode: mono


@pytest.mark.skipif(not HAS_ESPEAK, reason="espeak-ng is not installed (apt-get install espeak-ng)")
@pytest.mark.django_db
def test_a_station_that_asks_for_wav_gets_wav(commune_a, editor_a, settings):
    settings.BULLETIN_AUDIO_FORMAT = "wav"
    with commune_scope(commune_a):
        bulletin = services.create_bulletin(commune_a, editor_a, title="Bản tin ngắn", channel="radio")
    assert render_bulletin_audio.call(bulletin.pk) == AudioStatus.READY
    with commune_scope(commune_a):
        bulletin.refresh_from_db()
    assert bulletin.audio.endswith(".wav") and bulletin.audio_mime == "audio/wav" and bulletin.audio_seconds >= 1


@pytest.fixture
def radio(commune_a, editor_a, settings):
    settings.TTS_ENGINE = "tuyentruyen.portal.tests.test_radio.SilentEngine"
    with commune_scope(commune_a):
        services.add_slot(commune_a, channel="radio", weekday=0, start=time(6, 0), duration_minutes=15,
                          note="Bản tin sáng")
        bulletin = services.create_bulletin(commune_a, editor_a, title="Bản tin CCHC tuần này", channel="radio")
        bulletin.intro = "UBND xã thông báo: hạn nộp hồ sơ là 26/11/2026, gọi 0296 3800 111."
        services.update_bulletin(bulletin, title=bulletin.title, channel="radio", slot=None, air_date=None,
                                 intro=bulletin.intro, outro="", items=[], is_public=True)
        hidden = services.create_bulletin(commune_a, editor_a, title="Bản tin nội bộ chưa đăng", channel="radio")
    assert render_bulletin_audio.call(bulletin.pk) == AudioStatus.READY
    return bulletin, hidden


@pytest.mark.django_db
def test_residents_see_the_week_the_player_and_the_text(radio, commune_a):
    bulletin, hidden = radio
    page = Client().get(f"/{commune_a.slug}/phat-thanh/").content.decode()
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    assert f"Thứ Hai {monday:%d/%m}" in page and "06:00–06:15" in page and "Bản tin sáng" in page
    assert "<audio controls" in page and f"/{commune_a.slug}/phat-thanh/{bulletin.pk}/am-thanh" in page
    assert "hạn nộp hồ sơ" in page and "2 giây" in page
    assert hidden.title not in page


@pytest.mark.django_db
def test_the_voice_gets_the_normalised_text_with_the_communes_words(radio, commune_a, editor_a):
    bulletin, _ = radio
    assert "Ủy ban nhân dân xã thông báo" in SilentEngine.spoken[-1]
    assert "ngày hai mươi sáu tháng mười một" in SilentEngine.spoken[-1]
    assert "không hai chín sáu, ba tám không không, một một một" in SilentEngine.spoken[-1]
    client = client_for(editor_a)
    client.post("/phat-thanh/cach-doc/", {"pronunciations": "hồ sơ = hồ sơ giấy tờ"})
    render_bulletin_audio.call(bulletin.pk)
    assert "hồ sơ giấy tờ" in SilentEngine.spoken[-1]
    response = client.post("/phat-thanh/cach-doc/", {"pronunciations": "một dòng không có dấu bằng"}, follow=True)
    assert "chưa đúng dạng" in response.content.decode()
    with commune_scope(commune_a):
        assert services.pronunciations_text(commune_a) == "hồ sơ = hồ sơ giấy tờ"


@pytest.mark.django_db
def test_audio_is_served_in_byte_ranges_for_phones(radio, commune_a):
    bulletin, hidden = radio
    url = f"/{commune_a.slug}/phat-thanh/{bulletin.pk}/am-thanh"
    whole = Client().get(url)
    assert whole.status_code == 200 and whole["Content-Type"] == "audio/wav"
    part = Client().get(url, HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206 and len(part.content) == 100
    assert part["Content-Range"] == f"bytes 0-99/{len(whole.content)}"
    assert Client().get(url, HTTP_RANGE=f"bytes={len(whole.content)}-").status_code == 416
    assert Client().get(f"/{commune_a.slug}/phat-thanh/{hidden.pk}/am-thanh").status_code == 404


@pytest.mark.django_db
def test_an_emergency_shows_on_every_public_page_until_it_expires(radio, commune_a, editor_a):
    bulletin, _ = radio
    with commune_scope(commune_a):
        with pytest.raises(services.WorkflowError, match="hết hiệu lực"):
            services.update_bulletin(bulletin, title=bulletin.title, channel="radio", slot=None, air_date=None,
                                     intro=bulletin.intro, outro="", items=[], urgency=Urgency.EMERGENCY)
        services.update_bulletin(bulletin, title="Bão số 5 sắp đổ bộ", channel="radio", slot=None,
                                 air_date=None, intro=bulletin.intro, outro="", items=[],
                                 urgency=Urgency.EMERGENCY, expires_at=timezone.now() + timedelta(hours=6))
    for path in ("", "tin-tuc/", "phat-thanh/", "thu-tuc/"):
        page = Client().get(f"/{commune_a.slug}/{path}").content.decode()
        assert "Thông báo khẩn cấp" in page and "Bão số 5 sắp đổ bộ" in page, path
    with commune_scope(commune_a):
        services.update_bulletin(bulletin, title="Bão số 5 sắp đổ bộ", channel="radio", slot=None,
                                 air_date=None, intro=bulletin.intro, outro="", items=[],
                                 urgency=Urgency.EMERGENCY, expires_at=timezone.now() - timedelta(minutes=1))
    assert "Thông báo khẩn cấp" not in Client().get(f"/{commune_a.slug}/").content.decode()


@pytest.mark.django_db
def test_the_package_holds_the_audio_and_both_texts(radio, editor_a):
    bulletin, _ = radio
    response = client_for(editor_a).get(f"/phat-thanh/ban-tin/{bulletin.pk}/goi.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(package.namelist())
    assert {f"ban-tin-{bulletin.pk}.wav", f"ban-tin-{bulletin.pk}.txt", f"ban-tin-{bulletin.pk}-loi-doc.txt"} <= names
    assert "UBND xã" in package.read(f"ban-tin-{bulletin.pk}.txt").decode()
    assert "Ủy ban nhân dân xã" in package.read(f"ban-tin-{bulletin.pk}-loi-doc.txt").decode()
    assert client_for(editor_a).get(f"/phat-thanh/ban-tin/{bulletin.pk}/goi.rar").status_code == 404


@pytest.mark.django_db
def test_editors_edit_a_slot(radio, commune_a, editor_a):
    with commune_scope(commune_a):
        slot = BroadcastSlot.objects.get()
    client = client_for(editor_a)
    assert client.get(f"/phat-thanh/lich/{slot.pk}/sua/").status_code == 200
    response = client.post(f"/phat-thanh/lich/{slot.pk}/sua/", {"channel": "loudspeaker", "weekday": 2,
                                                                "start": "17:30", "duration_minutes": 20})
    assert response.status_code == 302
    with commune_scope(commune_a):
        assert str(BroadcastSlot.objects.get()) == "Thứ Tư 17:30–17:50 (Loa thông minh)"
    assert "17:30–17:50" in Client().get(f"/{commune_a.slug}/phat-thanh/").content.decode()
