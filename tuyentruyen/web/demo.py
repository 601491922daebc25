"""The demo installation that ./run brings up: one onboarded commune, one user per role.

The commune is real (Xã Đông Hòa, An Giang, from the official list); everything written about it
is demo content made up for the project.
"""

import os

from django.db import transaction

from tuyentruyen.accounts.models import Role, User
from tuyentruyen.accounts.services import create_user
from tuyentruyen.lib.current import acting_as
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Commune, Unit, UnitKind
from tuyentruyen.localities.services import load_localities, onboard_commune, update_civic_information

DEMO_COMMUNE_CODE = 31024  # Xã Đông Hòa, tỉnh An Giang
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "DongHoa@2026")

# username, full name, roles, unit kind (for unit staff)
DEMO_USERS = [
    ("quantri", "Nguyễn Văn Quản", [Role.COMMUNE_ADMIN], None),
    ("lanhdao", "Trần Thị Lan", [Role.LEADER], None),
    ("canbo", "Lê Minh Tâm", [Role.OFFICER], None),
    ("donvi", "Phạm Thu Hà", [Role.UNIT_STAFF], UnitKind.MEDIA_CENTER),
    ("bientap", "Võ Thanh Bình", [Role.EDITOR], None),
    ("congtacvien", "Đặng Ngọc Mai", [Role.CONTRIBUTOR], None),
]
# The province's side: Sở Nội vụ staff who receive and appraise, its leader, and a read-only viewer.
DEMO_PROVINCE_USERS = [
    ("tinh_canbo", "Huỳnh Ngọc Sương", Role.PROVINCE_OFFICER),
    ("tinh_lanhdao", "Tạ Văn Khải", Role.PROVINCE_LEADER),
    ("tinh", "Hồ Quốc Việt", Role.PROVINCE_VIEWER),
]


def load_demo_plan(commune) -> None:
    """The demo plan (text written for the project, tuyentruyen/plans/demo/), issued, so that its tasks
    and topics exist for the rest of the demo. Only when the commune has no plan yet."""
    import json
    from datetime import date
    from pathlib import Path

    from tuyentruyen.plans.models import Plan
    from tuyentruyen.plans.owners import ALL_UNITS
    from tuyentruyen.plans.services import (
        create_plan,
        current_revision,
        set_owner_unit,
        transition,
        unmapped_owners,
    )

    if Plan.objects.exists():
        return
    path = Path(__file__).resolve().parents[1] / "plans" / "demo" / "demo_plan.json"
    plan = create_plan(commune=commune, document=json.loads(path.read_text(encoding="utf-8")),
                       source_name="ke-hoach-demo.md")
    revision = current_revision(plan)
    for name in unmapped_owners(revision):  # "Các cơ quan, đơn vị thuộc Ủy ban nhân dân xã": every unit
        revision = set_owner_unit(revision, name, ALL_UNITS)
    for action in ("submit", "approve"):
        revision = transition(revision, action)
    transition(revision, "issue", number="05", issued_on=date(2026, 1, 12))


def load_demo_procedures(commune) -> None:
    """The demo catalogue of procedures (marked as demo data), published to the demo commune."""
    from tuyentruyen.procedures.importer import parse_catalogue
    from tuyentruyen.procedures.management.commands.load_procedures import DEMO_CATALOGUE
    from tuyentruyen.procedures.models import Procedure
    from tuyentruyen.procedures.services import import_catalogue

    if Procedure.objects.exists():
        return
    parsed = parse_catalogue(DEMO_CATALOGUE.read_bytes(), DEMO_CATALOGUE.name)
    import_catalogue(parsed.records, source=DEMO_CATALOGUE.name, partial=parsed.partial, publish_to=commune)


# (date, kind, unit kind, title, quantity, reach, topic positions) — made up for the demo.
DEMO_ACTIVITIES = [
    ("2026-01-20", "radio", "media_center", "Chuyên mục “Cải cách hành chính vì dân” số 1", 15, 3200, (1, 4)),
    ("2026-02-10", "banner", "culture_social", "Treo băng rôn tuyên truyền dịch vụ công trực tuyến tại trụ sở",
     6, None, (5,)),
    ("2026-03-05", "conference", "office", "Hội nghị quán triệt Kế hoạch tuyên truyền cải cách hành chính năm 2026",
     120, None, (1, 2)),
    ("2026-03-18", "counter_guidance", "service_center", "Hướng dẫn người dân nộp hồ sơ trực tuyến tại quầy",
     85, None, (4, 5)),
    ("2026-04-22", "social_post", "media_center", "Bài đăng: 5 bước thanh toán lệ phí trực tuyến", None, 1450, (5,)),
    ("2026-05-14", "village_meeting", "village", "Lồng ghép nội dung cải cách hành chính trong họp thôn Đông Bình",
     60, None, (8,)),
    ("2026-06-09", "leaflet", "culture_social", "Phát tờ gấp hướng dẫn tra cứu thủ tục hành chính", 500, None, (4,)),
    ("2026-07-16", "radio", "media_center", "Chuyên mục “Cải cách hành chính vì dân” số 7", 15, 3400, (6,)),
    ("2026-08-27", "training", "culture_social", "Tập huấn kỹ năng tuyên truyền cho trưởng thôn", 40, None, (2, 3)),
    ("2026-10-02", "electronic_board", "service_center", "Bảng điện tử tại Trung tâm Phục vụ hành chính công",
     1, None, (6,)),
]

DEMO_ARTICLES = [
    ("Nộp hồ sơ khai sinh qua điện thoại: nhanh, không phải đi lại",
     "Từ đầu năm, người dân xã Đông Hòa có thể đăng ký khai sinh cho con trên Cổng Dịch vụ công quốc gia.",
     "<p>Chỉ cần tài khoản định danh điện tử mức 2, cha mẹ khai thông tin, chụp giấy chứng sinh và nhận kết "
     "quả qua thư điện tử. Cán bộ tư pháp - hộ tịch của xã sẵn sàng hướng dẫn tại Trung tâm Phục vụ hành "
     "chính công vào giờ hành chính.</p>"),
    ("Xã Đông Hòa lấy ý kiến người dân về mức độ hài lòng",
     "Phiếu khảo sát có mã QR đặt tại quầy một cửa; trả lời mất chưa tới hai phút.",
     "<p>Kết quả khảo sát giúp xã cải thiện cách tiếp đón, hướng dẫn và giải quyết thủ tục. Phiếu không hỏi "
     "họ tên hay số điện thoại.</p>"),
]


def load_demo_activity(commune) -> None:
    """Recorded activities, two published articles, broadcast slots, a survey and one answered piece of
    feedback, so that the dashboard, reports and the public site have something to show."""
    from datetime import date, time

    from tuyentruyen.engagement import services as engagement
    from tuyentruyen.localities.models import Unit
    from tuyentruyen.plans.models import Plan
    from tuyentruyen.plans.services import issued_topics
    from tuyentruyen.portal import services as portal
    from tuyentruyen.work.models import Activity
    from tuyentruyen.work.services import record_activity

    if Activity.objects.exists():
        return
    topics = {t.position: t for t in issued_topics(Plan.objects.get())}
    units = {u.kind: u for u in Unit.objects.all()}
    for when, kind, unit_kind, title, quantity, reach, positions in DEMO_ACTIVITIES:
        record_activity(commune, kind_code=kind, title=title, date=date.fromisoformat(when), unit=units[unit_kind],
                        quantity=quantity, reach=reach, topics=[topics[p] for p in positions if p in topics],
                        source_key=f"demo:{when}:{kind}")
    editor = User.objects.get(username="bientap")
    reform = portal.create_category(commune, name="Cải cách hành chính")
    portal.create_category(commune, name="Chuyển đổi số")
    for title, summary, body in DEMO_ARTICLES:
        article = portal.create_article(commune, editor, title=title, summary=summary, body=body,
                                        topics=[topics[5]] if 5 in topics else [], category=reform)
        portal.publish_article(article, editor)
    portal.add_slot(commune, channel="radio", weekday=0, start=time(6, 0), duration_minutes=15)
    portal.add_slot(commune, channel="loudspeaker", weekday=3, start=time(17, 30), duration_minutes=10)
    survey = engagement.create_survey(commune, title="", template="sipas")
    engagement.set_survey_status(survey, "open")
    officer = User.objects.get(username="canbo")
    feedback = engagement.submit_feedback(
        commune, category="procedure", title="Hỏi về thời gian cấp bản sao trích lục khai sinh",
        content="Tôi cần bản sao trích lục khai sinh để bổ sung hồ sơ cho con đi học. Bao lâu thì có?")
    engagement.assign_feedback(feedback, unit=units["service_center"], user=officer)
    engagement.answer_feedback(feedback, user=officer, answer=(
        "Bản sao trích lục hộ tịch được cấp ngay trong ngày nếu hồ sơ nộp trước 15 giờ. Lệ phí theo mức do Hội "
        "đồng nhân dân tỉnh quy định; có thể nộp trực tuyến trên Cổng Dịch vụ công quốc gia."))
    # published as the officer would: what the preview shows (its digest) is what goes public
    preview = engagement.publication_texts(feedback)
    engagement.publish_feedback(feedback, user=officer, previewed=engagement.publication_digest(preview))


# Three more communes of the province with a little recorded work each, so that the province overview
# compares communes (one with no report sent, one with no activity this year).
DEMO_NEIGHBOURS = [
    (31018, [("2026-01-15", "conference", "Hội nghị triển khai dịch vụ công trực tuyến toàn trình", 120),
             ("2026-02-26", "radio", "Phát thanh hướng dẫn thanh toán lệ phí không dùng tiền mặt", 2500),
             ("2026-03-12", "leaflet", "Phát tờ gấp hướng dẫn cài đặt định danh điện tử mức 2", 600)], True),
    (31036, [("2026-02-05", "banner", "Treo băng rôn tuyên truyền cải cách hành chính tại chợ xã", None),
             ("2026-03-20", "village_meeting", "Đối thoại với người dân về thủ tục đất đai", 80)], True),
    (31031, [("2025-11-18", "radio", "Chuyên mục giới thiệu bộ phận một cửa xã", 1800)], False),
]


def load_demo_neighbours() -> None:
    """Idempotent: each neighbour is filled once (the first time it is onboarded)."""
    from datetime import date

    from tuyentruyen.reports import services as reports
    from tuyentruyen.reports import workflow
    from tuyentruyen.reports.periods import Period
    from tuyentruyen.work.services import record_activity

    for code, activities, sends_report in DEMO_NEIGHBOURS:
        commune = Commune.objects.select_related("province").get(pk=code)
        if commune.onboarded_at is not None:
            continue
        onboard_commune(commune)
        with commune_scope(commune):
            for when, kind, title, reach in activities:
                record_activity(commune, kind_code=kind, title=title, date=date.fromisoformat(when), reach=reach,
                                source_key=f"demo:{when}:{kind}")
            if sends_report:
                # Through the commune report's way up: frozen for sign-off, signed off and sent; the first
                # neighbour's report is already accepted, so the consolidated report has figures to add up.
                report = reports.submit(reports.get_or_create_report(commune, Period(2026, "q1")),
                                        today=date(2026, 4, 5))
                workflow.approve_and_send(report, user=None)
                if code == DEMO_NEIGHBOURS[0][0]:
                    workflow.province_accept(report, user=None)


# Written so that nobody takes them for the real commune's: the numbers are visibly made up and every
# value says it is an example. No e-mail: a commune that sets none shows none.
DEMO_CONTACTS = {
    "hotline": "0123 456 789",
    "email": "",
    "address": "Số 1 đường Minh Họa, ấp Mẫu (địa chỉ minh họa)",
    "office_hours": "Sáng 7:00 – 11:30, chiều 13:30 – 17:00, từ Thứ Hai đến Thứ Sáu (giờ minh họa).",
    "directory": [
        {"unit": "Trung tâm Phục vụ hành chính công", "role": "Bộ phận một cửa (số minh họa)", "phone": "0123 456 701"},
        {"unit": "Văn phòng HĐND và UBND", "role": "Chánh Văn phòng (số minh họa)", "phone": "0123 456 702"},
        {"unit": "Phòng Văn hóa - Xã hội", "role": "Công chức văn hóa - xã hội (số minh họa)", "phone": "0123 456 703"},
        {"unit": "Công an xã", "role": "Trực ban (số minh họa)", "phone": "0123 456 704"},
    ],
    "reception": [
        {"weekday": 3, "time": "7:30 – 11:00", "receiver": "Chủ tịch UBND xã (lịch minh họa)"},
        {"weekday": 1, "time": "13:30 – 16:30", "receiver": "Phó Chủ tịch UBND xã (lịch minh họa)"},
    ],
}
_OLD_DEMO_HOTLINE = "0296 3800 000"  # what earlier demos wrote, shown as if real


def load_demo_contacts(commune) -> None:
    """Fill the demo commune's contacts once (and replace the old placeholders); edits made in the demo
    afterwards are kept."""
    commune.refresh_from_db()
    if commune.directory and commune.hotline != _OLD_DEMO_HOTLINE:
        return
    update_civic_information(commune, **DEMO_CONTACTS)


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    """Idempotent. Returns (username, role description) for the logins it prints."""
    from tuyentruyen.localities.models import Province

    if not Commune.objects.filter(pk=DEMO_COMMUNE_CODE).exists():
        load_localities()
    commune = Commune.objects.select_related("province").get(pk=DEMO_COMMUNE_CODE)
    logins = []
    with acting_as(None):
        onboard_commune(commune)
        load_demo_contacts(commune)
        with commune_scope(commune):
            for username, full_name, roles, unit_kind in DEMO_USERS:
                unit = Unit.objects.filter(kind=unit_kind).first() if unit_kind else None
                if not User.objects.filter(username=username).exists():
                    create_user(username, DEMO_PASSWORD, roles=roles, commune=commune, unit=unit,
                                full_name=full_name)
                logins.append((username, ", ".join(Role(r).label for r in roles)))
            load_demo_plan(commune)
            load_demo_procedures(commune)
            load_demo_activity(commune)
            from tuyentruyen.engagement.demo import load_demo_engagement

            load_demo_engagement(commune)  # question bank, contests and survey answers, once
        load_demo_neighbours()
        province = Province.objects.get(pk=commune.province_id)
        for username, full_name, role in DEMO_PROVINCE_USERS:
            if not User.objects.filter(username=username).exists():
                create_user(username, DEMO_PASSWORD, roles=[role], province=province, full_name=full_name)
            logins.append((username, role.label))
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.vn", DEMO_PASSWORD, full_name="Quản trị hệ thống")
        logins.append(("admin", "Quản trị hệ thống"))
    return logins
