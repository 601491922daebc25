"""Topics residents ask the commune about that are not commune procedures.

A question about a driving licence, a passport, a price, an exam result or the weather must not get a
confident answer about whichever commune procedure happens to share a folded syllable with it ("lái" and
"lại" both fold to "lai"). Each phrase here names such a topic; the engine marks a question that carries one
unless the best procedure's own text carries the same words (a commune that does publish the procedure, or a
catalogue padded with provincial ones, answers it as usual). Phrases are matched on folded syllables after
abbreviations are expanded, so "bang lai", "bằng lái" and "gplx" are one entry. Keep phrases specific: a
word that also names a commune procedure ("căn cước" inside a birth-registration question) is listed only
with the verb that makes it the topic ("làm căn cước").
"""

from __future__ import annotations

from . import text

OUTSIDE_TOPICS: tuple[str, ...] = (
    # transport (police / department of construction)
    "bằng lái", "giấy phép lái xe", "lái xe", "đổi bằng", "thi bằng", "biển số", "đăng ký xe", "sang tên xe",
    "đăng kiểm", "phạt nguội", "vi phạm giao thông", "xe máy", "ô tô",
    # identity documents handled by the police
    "hộ chiếu", "visa", "thị thực", "xuất cảnh", "làm căn cước", "cấp căn cước", "đổi căn cước",
    "lại căn cước", "căn cước gắn chip", "thẻ căn cước", "căn cước hết hạn", "trên căn cước",
    "thẻ bảo hiểm y tế bị mất", "cấp lại thẻ bảo hiểm", "mất thẻ bảo hiểm", "rượu bia", "kinh doanh rượu", "bán bia", "định danh điện tử", "vneid", "làm chứng minh", "cấp chứng minh",
    "lý lịch tư pháp",
    # prices, money, markets
    "giá lúa", "giá đất", "giá vàng", "giá heo", "giá lợn", "giá xăng", "giá phân", "giá cà phê", "giá tiêu",
    "giá điện", "giá nước", "phân bón", "tiền điện", "tiền nước", "cúp điện", "cắt điện", "mất điện",
    "cúp nước", "mất nước", "vay vốn", "ngân hàng", "lãi suất", "xổ số", "nộp thuế", "thuế đất",
    "khai thuế", "thuế khoán", "mã số thuế", "đóng thuế", "quyết toán thuế", "thuế thu nhập",
    # schools, exams, health services
    "điểm thi", "kết quả thi", "điểm chuẩn", "học phí", "học bổng", "tuyển sinh", "nhập học",
    "tiêm vắc xin", "tiêm chủng", "khám bệnh", "bệnh viện", "trạm y tế", "trạm xá", "nhà hộ sinh", "gia hạn bảo hiểm", "mua bảo hiểm",
    "rút bảo hiểm", "bảo hiểm xã hội một lần", "thẻ bảo hiểm y tế cho người", "lương hưu",
    # weather, jobs, the army, courts, companies, fishing boats
    "thời tiết", "dự báo", "bão lũ", "việc làm", "xin việc", "xuất khẩu lao động", "nghĩa vụ quân sự",
    "ly hôn", "ly dị", "công an", "số điện thoại", "địa chỉ xã", "giờ làm việc", "tòa án", "thành lập công ty", "mở công ty", "đăng ký công ty", "lập công ty", "công ty tnhh",
    "công ty cổ phần", "doanh nghiệp", "tàu cá", "bán rượu", "thuốc lá",
    "nuôi con nuôi", "con nuôi", "cấp lại bản chính", "cấp lại bằng", "làm lại bằng", "bằng tốt nghiệp bị mất",
    "bảo hiểm y tế hộ gia đình", "bhyt hộ gia đình", "gia hạn thẻ", "đóng bảo hiểm",
    "sổ hộ khẩu giấy", "hộ khẩu giấy",
    # land and residence matters this catalogue does not carry (a commune that publishes them answers them)
    "chuyển mục đích", "lên đất ở", "lên thổ cư", "chuyển đất", "tách thửa", "hợp thửa", "cấp đổi sổ",
    "tạm vắng", "xác nhận cư trú", "tách sổ", "tách đất", "tách ra làm", "tách làm", "tách thành", "sang tên sổ đỏ", "sang tên sổ", "lưu trú", "đào đường", "ống nước", "cấp nước", "khai thác cát", "cát sông", "khai thác",
    # disasters, war invalids and martyrs, sport
    "bị bão", "nhà sập", "làm sập", "hỗ trợ khẩn cấp", "trên sổ đỏ", "sổ đỏ ghi sai", "sổ đỏ cấp năm",
    "thiệt hại", "ngập lụt", "lũ lụt", "thiên tai", "mất trắng", "thương binh", "liệt sĩ", "người có công",
    "đá banh", "bóng đá", "đá bóng",
    # chit-chat
    "có người yêu chưa", "ad ơi", "cảm ơn",
    "thất nghiệp", "trợ cấp thất nghiệp", "cám ơn", "xin chào", "chào bạn", "bạn là ai", "bạn tên gì",
    # trades that need a licence from the district or the province, not a household business registration
    "karaoke", "vũ trường", "quán bar", "cầm đồ", "xăng dầu", "cây xăng", "bình gas", "khí gas", "massage",
    "mát xa", "quán net", "phòng game", "nhà thuốc", "hiệu thuốc", "quầy thuốc", "phòng khám", "nha khoa",
    "an toàn thực phẩm", "vệ sinh thực phẩm",
)


def compile_topics(phrases=OUTSIDE_TOPICS) -> dict[str, list[tuple[str, ...]]]:
    """Folded syllable tuples of every phrase, by first syllable, longest first."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        keys = tuple(text.fold_syllable(s) for s in text.syllables(phrase))
        if keys:
            by_first.setdefault(keys[0], []).append(keys)
    for bucket in by_first.values():
        bucket.sort(key=len, reverse=True)
    return by_first


TOPICS = compile_topics()


def find(keys: list[str]) -> list[tuple[int, int]]:
    """Spans (start, end) of outside topics in a question's folded syllables, without overlaps."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(keys):
        for topic in TOPICS.get(keys[i], ()):
            if tuple(keys[i : i + len(topic)]) == topic:
                spans.append((i, i + len(topic)))
                i += len(topic) - 1
                break
        i += 1
    return spans
