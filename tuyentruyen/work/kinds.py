"""The default forms of communication (Hình thức tuyên truyền) every commune starts with.

Codes are a contract: other apps call ``record_activity(kind_code=...)`` with them. Names and units are
only defaults; a commune edits its own list.
"""

# (code, name, quantity unit)
DEFAULT_KINDS: list[tuple[str, str, str]] = [
    ("news_article", "Tin, bài viết", "tin, bài"),
    ("photo_story", "Phóng sự ảnh", "bộ ảnh"),
    ("video", "Video, phóng sự truyền hình", "phút"),
    ("radio", "Phát thanh trên đài truyền thanh", "phút phát sóng"),
    ("loudspeaker", "Bản tin loa truyền thanh", "lượt phát"),
    ("banner", "Băng rôn, khẩu hiệu, pa nô, áp phích", "chiếc"),
    ("electronic_board", "Bảng điện tử", "lượt trình chiếu"),
    ("leaflet", "Tờ rơi, tờ gấp", "bản"),
    ("conference", "Hội nghị, hội thảo, tọa đàm", "người tham dự"),
    ("briefing", "Lồng ghép trong giao ban, sinh hoạt cơ quan", "buổi"),
    ("village_meeting", "Họp thôn, tổ dân phố", "người tham dự"),
    ("training", "Lớp tập huấn, bồi dưỡng", "học viên"),
    ("contest", "Cuộc thi, hội thi", "người tham gia"),
    ("social_post", "Bài đăng mạng xã hội", "bài"),
    ("online_dialogue", "Đối thoại, giao lưu trực tuyến", "người tham gia"),
    ("counter_guidance", "Hướng dẫn trực tiếp tại bộ phận một cửa", "lượt"),
    ("performance", "Biểu diễn văn nghệ, chiếu phim lưu động", "buổi"),
]

DEFAULT_KIND_CODES = tuple(code for code, _, _ in DEFAULT_KINDS)
