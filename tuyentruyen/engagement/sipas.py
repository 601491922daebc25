"""The ready-made survey of satisfaction with the one-stop service, on the five factors of the national
SIPAS method. The questions are ours, written for a commune's public service centre."""

SCALE_HELP = "1 = Rất không hài lòng · 2 = Không hài lòng · 3 = Bình thường · 4 = Hài lòng · 5 = Rất hài lòng"

TITLE = "Khảo sát sự hài lòng về phục vụ hành chính tại Trung tâm Phục vụ hành chính công"
INTRO = (
    "Ý kiến của Ông/Bà giúp xã phục vụ người dân, doanh nghiệp tốt hơn. Phiếu không hỏi họ tên, số "
    "điện thoại hay số định danh; trả lời mất khoảng 3 phút. " + SCALE_HELP + "."
)

# (section title, SIPAS factor code or "", [(question, kind, required, choices)])
SECTIONS = [
    ("Thông tin chung", "", [
        ("Ông/Bà đã giải quyết thủ tục hành chính thuộc lĩnh vực nào?", "single", False,
         ["Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng", "Bảo trợ xã hội", "Kinh doanh", "Lĩnh vực khác"]),
        ("Ông/Bà nộp hồ sơ bằng cách nào?", "single", True,
         ["Trực tiếp tại Trung tâm", "Trực tuyến trên Cổng Dịch vụ công", "Qua dịch vụ bưu chính"]),
    ]),
    ("Tiếp cận dịch vụ", "access", [
        ("Nơi ngồi chờ tại Trung tâm có đủ chỗ ngồi, sạch sẽ, thoáng mát.", "scale", True, []),
        ("Trang thiết bị phục vụ người dân (máy tính tra cứu, máy lấy số, bút, giấy) đầy đủ, dễ dùng.", "scale", True, []),
        ("Dễ dàng tìm được thông tin về nơi nộp hồ sơ, giờ làm việc và cách nộp trực tuyến.", "scale", True, []),
    ]),
    ("Thủ tục hành chính", "procedure", [
        ("Thủ tục hành chính được niêm yết công khai, đầy đủ, dễ hiểu.", "scale", True, []),
        ("Thành phần hồ sơ phải nộp đúng như niêm yết, không bị yêu cầu thêm giấy tờ.", "scale", True, []),
        ("Phí, lệ phí phải nộp đúng như niêm yết.", "scale", True, []),
        ("Thời hạn giải quyết ghi trên giấy hẹn là hợp lý.", "scale", True, []),
    ]),
    ("Công chức trực tiếp giải quyết", "staff", [
        ("Công chức có thái độ lịch sự, tôn trọng khi tiếp nhận và trả kết quả.", "scale", True, []),
        ("Công chức lắng nghe và trả lời đầy đủ các ý kiến, vướng mắc của Ông/Bà.", "scale", True, []),
        ("Công chức hướng dẫn kê khai hồ sơ tận tình, dễ hiểu, chỉ một lần là đủ.", "scale", True, []),
        ("Công chức không gây phiền hà, sách nhiễu, không gợi ý nộp thêm tiền.", "scale", True, []),
    ]),
    ("Kết quả giải quyết", "result", [
        ("Kết quả nhận được đúng quy định, thông tin trên kết quả chính xác.", "scale", True, []),
        ("Kết quả được trả đúng hoặc sớm hơn hẹn.", "scale", True, []),
    ]),
    ("Tiếp nhận, xử lý ý kiến góp ý, phản ánh, kiến nghị", "feedback", [
        ("Trung tâm có hình thức để Ông/Bà góp ý, phản ánh (hộp thư, đường dây nóng, trang mạng).", "scale", True, []),
        ("Ý kiến góp ý, phản ánh được tiếp nhận và trả lời kịp thời, thỏa đáng.", "scale", False, []),
    ]),
    ("Góp ý thêm", "", [
        ("Ông/Bà có góp ý gì để Trung tâm phục vụ tốt hơn?", "text", False, []),
    ]),
]
