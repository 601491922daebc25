from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.portal import services
from tuyentruyen.portal.models import Urgency
from tuyentruyen.portal.tasks import render_bulletin_audio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_on_a_320px_phone_hears_the_bulletin_and_sees_the_emergency(
        browser, live_server, commune_a, editor_a, settings, artifacts):
    settings.TTS_ENGINE = "tuyentruyen.portal.tests.test_radio.SilentEngine"
    with commune_scope(commune_a):
        services.add_slot(commune_a, channel="radio", weekday=timezone.localdate().weekday(), start=time(17, 0),
                          duration_minutes=15)
        bulletin = services.create_bulletin(commune_a, editor_a, title="Phòng chống bão số 5", channel="radio")
        services.update_bulletin(bulletin, title=bulletin.title, channel="radio", slot=None, air_date=None,
                                 intro="Bà con gia cố nhà cửa trước 17h ngày 26/11.", outro="", items=[],
                                 is_public=True, urgency=Urgency.EMERGENCY,
                                 expires_at=timezone.now() + timedelta(hours=12))
    render_bulletin_audio.call(bulletin.pk)
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/{commune_a.slug}/")
    notice = page.get_by_test_id("emergency")
    expect(notice).to_contain_text("Thông báo khẩn cấp")
    notice.get_by_role("link", name="Phòng chống bão số 5").click()
    expect(page.get_by_role("heading", name="Phát thanh", level=1)).to_be_visible()
    expect(page.get_by_text("(hôm nay)")).to_be_visible()
    player = page.locator("audio[controls]")
    expect(player).to_be_visible()
    duration = page.evaluate("""() => new Promise(done => { const a = document.querySelector('audio');
        a.preload = 'metadata'; a.addEventListener('loadedmetadata', () => done(a.duration)); a.load(); })""")
    assert duration == pytest.approx(2, abs=0.1)
    page.get_by_text("Nội dung bản tin").click()
    expect(page.get_by_text("Bà con gia cố nhà cửa")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.screenshot(path=str(artifacts / "portal-radio-320.png"), full_page=True)
    context.close()
