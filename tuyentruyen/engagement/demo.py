"""The demo's question bank, contests and survey answers (called by web/demo.py): a contest's worth of
questions on administrative reform written for the project, one closed contest with its results, one
open contest to try, and enough made-up survey answers for the SIPAS results to show. Idempotent: each
part is made once, the first time the demo commune has none."""

import random
from datetime import timedelta

from django.utils import timezone

from . import services
from .models import Contest, ContestQuestion, Survey, SurveyQuestion, SurveyResponse, SurveyStatus
from .scoring import INITIALS_KEY

# (question, choices, indexes of the correct ones, topics)
DEMO_QUESTIONS = [
    ("Nghị quyết nào của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030?",
     ["Nghị quyết số 76/NQ-CP", "Nghị quyết số 30c/NQ-CP", "Nghị quyết số 02/NQ-CP", "Nghị quyết số 01/NQ-CP"],
     [0], ["Chương trình CCHC"]),
    ("Chương trình tổng thể cải cách hành chính giai đoạn 2021-2030 có bao nhiêu nội dung cải cách?",
     ["Bốn", "Năm", "Sáu", "Bảy"], [2], ["Chương trình CCHC"]),
    ("Nội dung nào sau đây thuộc Chương trình tổng thể cải cách hành chính 2021-2030? (chọn tất cả các đáp án đúng)",
     ["Cải cách thủ tục hành chính", "Cải cách chế độ công vụ", "Xây dựng Chính phủ điện tử, Chính phủ số",
      "Tăng số lượng giấy tờ người dân phải nộp"], [0, 1, 2], ["Chương trình CCHC"]),
    ("Chỉ số SIPAS đo lường điều gì?",
     ["Sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
      "Năng lực cạnh tranh của tỉnh", "Mức độ chuyển đổi số của doanh nghiệp", "Số hồ sơ nộp trực tuyến"],
     [0], ["Chỉ số"]),
    ("PAR INDEX là tên gọi của chỉ số nào?",
     ["Chỉ số cải cách hành chính", "Chỉ số năng lực cạnh tranh cấp tỉnh", "Chỉ số hiệu quả quản trị và hành chính công",
      "Chỉ số chuyển đổi số"], [0], ["Chỉ số"]),
    ("Theo Nghị quyết 76/NQ-CP, đến năm 2025 mức độ hài lòng của người dân, doanh nghiệp đối với sự phục vụ của cơ "
     "quan hành chính nhà nước phấn đấu đạt bao nhiêu?", ["Trên 60%", "Trên 75%", "Trên 90%", "100%"], [2], ["Chỉ số"]),
    ("Quyết định 766/QĐ-TTg năm 2022 của Thủ tướng Chính phủ ban hành nội dung gì?",
     ["Bộ chỉ số đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công",
      "Danh mục các xã đạt chuẩn nông thôn mới", "Quy chế thi tuyển công chức", "Bảng giá đất của tỉnh"],
     [0], ["Chỉ số"]),
    ("Cơ chế một cửa trong giải quyết thủ tục hành chính là gì?",
     ["Hướng dẫn, tiếp nhận hồ sơ, giải quyết và trả kết quả tại một đầu mối là Bộ phận Một cửa",
      "Người dân tự mang hồ sơ đến từng phòng chuyên môn", "Chỉ nhận hồ sơ vào một ngày trong tuần",
      "Mỗi thủ tục chỉ được nộp một lần trong đời"], [0], ["Một cửa"]),
    ("Nghị định nào quy định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính?",
     ["Nghị định số 61/2018/NĐ-CP", "Nghị định số 13/2023/NĐ-CP", "Nghị định số 100/2019/NĐ-CP",
      "Nghị định số 15/2020/NĐ-CP"], [0], ["Một cửa"]),
    ("Khi hồ sơ được giải quyết trễ so với giấy hẹn, cơ quan giải quyết phải làm gì?",
     ["Gửi văn bản xin lỗi người dân và hẹn lại thời gian trả kết quả", "Yêu cầu người dân nộp lại hồ sơ từ đầu",
      "Thu thêm phí giải quyết nhanh", "Không phải làm gì"], [0], ["Một cửa"]),
    ("Công chức tiếp nhận hồ sơ có được yêu cầu người dân nộp thêm giấy tờ ngoài thành phần hồ sơ đã niêm yết không?",
     ["Không được", "Được, nếu thấy cần", "Được, nếu người dân đồng ý nộp thêm phí", "Chỉ được vào cuối năm"],
     [0], ["Một cửa"]),
    ("Sau khi sắp xếp chính quyền địa phương hai cấp từ ngày 01/7/2025, Bộ phận Một cửa của xã được tổ chức thành?",
     ["Trung tâm Phục vụ hành chính công xã", "Phòng Tư pháp huyện", "Ban Tiếp dân tỉnh", "Hội đồng nhân dân xã"],
     [0], ["Chính quyền hai cấp"]),
    ("Từ ngày 01/7/2025, chính quyền địa phương được tổ chức thành mấy cấp?",
     ["Hai cấp: tỉnh và xã", "Ba cấp: tỉnh, huyện và xã", "Một cấp: tỉnh", "Bốn cấp"], [0], ["Chính quyền hai cấp"]),
    ("Dịch vụ công trực tuyến toàn trình là gì?",
     ["Người dân nộp hồ sơ, nộp phí và nhận kết quả đều trên môi trường mạng",
      "Người dân chỉ tra cứu thông tin trên mạng rồi đến nộp trực tiếp", "Dịch vụ do doanh nghiệp tư nhân cung cấp",
      "Dịch vụ chỉ dành cho doanh nghiệp"], [0], ["Dịch vụ công trực tuyến"]),
    ("Người dân có thể nộp hồ sơ thủ tục hành chính trực tuyến ở đâu? (chọn tất cả các đáp án đúng)",
     ["Cổng Dịch vụ công quốc gia", "Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh",
      "Trang mạng xã hội cá nhân của cán bộ một cửa"], [0, 1], ["Dịch vụ công trực tuyến"]),
    ("Khi nộp hồ sơ trực tuyến, người dân có thể nộp phí, lệ phí bằng cách nào?",
     ["Thanh toán trực tuyến qua ngân hàng, ví điện tử trên Cổng Dịch vụ công", "Gửi tiền mặt qua người quen",
      "Chuyển khoản vào tài khoản cá nhân của cán bộ", "Không có cách nào, phải đến nộp tiền mặt"],
     [0], ["Dịch vụ công trực tuyến"]),
    ("Ứng dụng VNeID là gì?",
     ["Ứng dụng định danh và xác thực điện tử do Bộ Công an quản lý", "Ứng dụng đặt xe công nghệ",
      "Ứng dụng nhắn tin của một doanh nghiệp", "Trò chơi trực tuyến"], [0], ["Dịch vụ công trực tuyến"]),
    ("Tài khoản định danh điện tử mức độ 2 có giá trị như thế nào trong giao dịch có yêu cầu xuất trình thẻ căn cước?",
     ["Có giá trị tương đương việc xuất trình thẻ căn cước", "Không có giá trị gì",
      "Chỉ dùng để mua sắm trực tuyến", "Chỉ dùng được ở nước ngoài"], [0], ["Dịch vụ công trực tuyến"]),
    ("Lợi ích của việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đối với người dân là gì?",
     ["Không phải nộp lại giấy tờ đã được số hóa, có trong cơ sở dữ liệu", "Phải photo thêm nhiều bản hơn",
      "Phải đến cơ quan nhiều lần hơn", "Phải trả thêm phí số hóa cho mỗi lần nộp"], [0], ["Dịch vụ công trực tuyến"]),
    ("Người dân có thể chứng thực bản sao điện tử từ bản chính bằng cách nào?",
     ["Nộp yêu cầu trên Cổng Dịch vụ công và nhận bản sao điện tử có chữ ký số", "Tự in giấy tờ và tự đóng dấu",
      "Nhờ người quen ký xác nhận", "Không thể chứng thực bản sao điện tử"], [0], ["Dịch vụ công trực tuyến"]),
    ("Khi cán bộ, công chức gây phiền hà, sách nhiễu, người dân có thể phản ánh qua kênh nào? (chọn tất cả các đáp án đúng)",
     ["Đường dây nóng của Ủy ban nhân dân xã", "Chức năng phản ánh, kiến nghị trên Cổng Dịch vụ công quốc gia",
      "Hộp thư góp ý tại Trung tâm Phục vụ hành chính công", "Không có kênh nào, phải chấp nhận"],
     [0, 1, 2], ["Phản ánh, kiến nghị"]),
    ("Thời hạn trả lời phản ánh, kiến nghị của người dân được tính từ khi nào?",
     ["Từ ngày cơ quan tiếp nhận phản ánh", "Từ ngày lãnh đạo có thời gian xem", "Từ đầu năm sau",
      "Không có thời hạn"], [0], ["Phản ánh, kiến nghị"]),
    ("Người dân đánh giá mức độ hài lòng sau khi nhận kết quả giải quyết thủ tục bằng cách nào? (chọn tất cả các đáp án đúng)",
     ["Thiết bị hoặc phiếu đánh giá tại Trung tâm Phục vụ hành chính công",
      "Chức năng đánh giá trên Cổng Dịch vụ công khi nhận kết quả trực tuyến",
      "Chỉ bằng văn bản gửi Thủ tướng Chính phủ"], [0, 1], ["Chỉ số"]),
    ("Áp dụng Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015 trong cơ quan hành chính nhằm mục đích gì?",
     ["Chuẩn hóa quy trình giải quyết công việc, nâng cao chất lượng phục vụ", "Tăng số lượng công chức",
      "Thay thế việc niêm yết thủ tục hành chính", "Tăng lệ phí"], [0], ["Chương trình CCHC"]),
    ("Cải cách thủ tục hành chính hướng tới điều gì cho người dân, doanh nghiệp?",
     ["Giảm thời gian, chi phí, giấy tờ khi thực hiện thủ tục", "Tăng số lần phải đến cơ quan",
      "Tăng số giấy tờ phải nộp", "Giảm thông tin công khai"], [0], ["Chương trình CCHC"]),
]

# Invented people: the closed contest's results are demo data and say so in its rules.
DEMO_PARTICIPANTS = [
    ("Nguyễn Thị Thu Hằng", False), ("Trần Văn Phúc", False), ("Lê Ngọc Yến", True), ("Phạm Minh Khôi", False),
    ("Huỳnh Thị Bích Trâm", False), ("Võ Quốc Bảo", True), ("Đặng Thị Kim Ngân", False), ("Bùi Văn Sáng", False),
    ("Châu Thị Mỹ Linh", False), ("Dương Hoàng Nam", False), ("Lâm Thị Hồng Nhung", True), ("Tô Văn Hiếu", False),
    ("Quách Thị Ngọc Diễm", False), ("Thái Minh Trí", False),
]
CLOSED_TITLE = "Tìm hiểu cải cách hành chính năm 2026 (đợt 1)"
OPEN_TITLE = "Tìm hiểu dịch vụ công trực tuyến (đợt 2)"
DEMO_SURVEY_ANSWERS = 42


def load_demo_bank(commune) -> None:
    if ContestQuestion.objects.filter(commune=commune).exists():
        return
    for text, choices, correct, topics in DEMO_QUESTIONS:
        services.save_bank_question(commune, text=text, choices=choices, correct=correct, topics=topics)


def _contest(commune, title, opens_at, closes_at, description, attempts=1):
    return services.save_contest(
        commune, title=title, description=description, opens_at=opens_at, closes_at=closes_at,
        questions_per_attempt=10, time_limit_minutes=15, attempts_allowed=attempts, topics=[],
        registration_fields=services.registration_fields_from(["dien_thoai", "thon"], ""),
        tie_break_question="Theo bạn, có bao nhiêu người tham gia cuộc thi này?", prize_count=3, is_published=True)


def load_demo_contests(commune) -> None:
    if Contest.objects.filter(commune=commune).exists():
        return
    now = timezone.now()
    rng = random.Random(2026)  # the same results every time the demo is built
    opens = now - timedelta(days=40)
    contest = _contest(commune, CLOSED_TITLE, opens, now + timedelta(days=1),
                       "Cuộc thi minh họa: người dự thi và kết quả là dữ liệu mẫu của phần mềm.\n"
                       "Mỗi người thi một lượt gồm 10 câu trong 15 phút. Xếp giải theo số câu đúng, rồi theo câu hỏi "
                       "phụ, rồi theo thời gian làm bài.")
    correct = dict(ContestQuestion.objects.filter(commune=commune).values_list("id", "correct"))
    registered = []
    for n, (name, initials_only) in enumerate(DEMO_PARTICIPANTS):
        registered.append(services.register_participant(contest, {
            "ho_ten": name, "dien_thoai": f"0123 456 {700 + n}", "thon": "Ấp Mẫu (minh họa)",
            INITIALS_KEY: "1" if initials_only else ""}))
    # closed now; the attempts are taken back in time, while it was open
    contest = services.save_contest(commune, contest=contest, opens_at=opens, closes_at=now - timedelta(days=10),
                                    questions_per_attempt=10, time_limit_minutes=15, attempts_allowed=1)
    for n, participant in enumerate(registered):
        started = opens + timedelta(days=1 + n * 2, hours=rng.randint(7, 20))
        attempt = services.start_attempt(contest, participant, now=started)
        skill = rng.uniform(0.5, 0.95)
        answers = {str(item["q"]): [str(i) for i in correct[item["q"]]] if rng.random() < skill else [str(item["order"][-1])]
                   for item in attempt.layout}
        services.submit_attempt(attempt, answers, guess=str(rng.randint(8, 25)),
                                now=started + timedelta(seconds=rng.randint(180, 840)))
    _contest(commune, OPEN_TITLE, now - timedelta(days=1), now + timedelta(days=60),
             "Cuộc thi minh họa để thử: mỗi người thi tối đa hai lượt, mỗi lượt 10 câu trong 15 phút.", attempts=2)


def load_demo_survey_answers(commune) -> None:
    """Made-up answers to the demo's SIPAS survey, so that its results page has indexes to show."""
    survey = Survey.objects.filter(commune=commune, status=SurveyStatus.OPEN).order_by("id").first()
    if survey is None or SurveyResponse.objects.filter(survey=survey).exists():
        return
    rng = random.Random(31024)
    questions = list(SurveyQuestion.objects.filter(survey=survey))
    for n in range(DEMO_SURVEY_ANSWERS):
        answers = {}
        for q in questions:
            if q.kind == "scale":
                answers[str(q.pk)] = rng.choices([2, 3, 4, 5], weights=[1, 2, 9, 10])[0]
            elif q.kind == "single" and q.choices:
                answers[str(q.pk)] = rng.randrange(len(q.choices))
        SurveyResponse.objects.create(survey=survey, answers=answers, token=f"demo-{n}",
                                      submitted_at=timezone.now() - timedelta(days=30 - n // 2))


# (days ago received, days to answer or None, category, title) — invented, with no one's personal data
DEMO_FEEDBACK = [
    (150, 4, "procedure", "Hỏi thời gian cấp giấy xác nhận tình trạng hôn nhân"),
    (120, 12, "procedure", "Hồ sơ đăng ký thường trú chưa có kết quả đúng hẹn"),
    (95, 3, "general", "Đề nghị bố trí thêm ghế ngồi chờ tại Trung tâm Phục vụ hành chính công"),
    (88, 7, "conduct", "Góp ý thái độ hướng dẫn tại quầy chứng thực"),
    (60, 9, "procedure", "Hỏi cách nộp lệ phí trực tuyến khi đăng ký khai sinh"),
    (30, None, "general", "Đề nghị niêm yết thêm bảng hướng dẫn dịch vụ công tại ấp"),
    (5, None, "procedure", "Hỏi giấy tờ cần mang khi làm thủ tục trợ cấp cho người cao tuổi"),
]


def load_demo_feedback(commune) -> None:
    """Feedback over the past months, some answered late and one still open past its deadline, so that the
    public statistics read like a real year."""
    from .models import Feedback

    if Feedback.objects.filter(commune=commune, title=DEMO_FEEDBACK[0][3]).exists():
        return
    now = timezone.now()
    for days_ago, answer_days, category, title in DEMO_FEEDBACK:
        item = services.submit_feedback(commune, category=category, title=title,
                                        content="Nội dung phản ánh minh họa của phần mềm.")
        item.created_at = now - timedelta(days=days_ago)
        item.due_date = services.default_due_date(commune, timezone.localtime(item.created_at).date())
        item.save()
        if answer_days is not None:
            services.answer_feedback(item, answer="Nội dung trả lời minh họa.", user=None)
            item.answered_at = item.created_at + timedelta(days=answer_days)
            item.save()


def load_demo_engagement(commune) -> None:
    load_demo_feedback(commune)
    load_demo_bank(commune)
    load_demo_contests(commune)
    load_demo_survey_answers(commune)
