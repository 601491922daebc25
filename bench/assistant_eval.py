"""Evaluate the procedure search engine and the assistant against the question set.

Prints, for the Vietnamese-aware engine and a plain BM25 baseline, top-1 and
top-3 accuracy and search latency (p50, p95), on the demo catalogue and on the
same catalogue padded with deterministic synthetic distractors to a realistic
size. Accuracy is always measured against the real procedure codes.

    .venv/bin/python bench/assistant_eval.py [--catalogue PATH] [--questions PATH] [--pad 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tuyentruyen.procedures.search.assistant import answer  # noqa: E402
from tuyentruyen.procedures.search.baseline import PlainBM25Index  # noqa: E402
from tuyentruyen.procedures.search.engine import ProcedureIndex  # noqa: E402

DEFAULT_CATALOGUE = ROOT / "tuyentruyen" / "procedures" / "data" / "demo_catalogue.json"
DEFAULT_QUESTIONS = ROOT / "bench" / "data" / "assistant_questions.json"

# ---- synthetic distractors ----------------------------------------------------
# Names in the style of the national catalogue, across many fields, including
# some that share words with commune procedures (hộ tịch, đất đai, kinh doanh),
# so the padded index has realistic vocabulary and document frequencies.

_ACTIONS = [
    "Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh", "Thu hồi", "Đăng ký", "Đăng ký thay đổi",
    "Thông báo", "Công nhận", "Xác nhận", "Phê duyệt", "Thẩm định", "Chấp thuận", "Hỗ trợ",
    "Giải quyết", "Cho phép", "Đề nghị", "Bổ nhiệm", "Miễn nhiệm", "Chứng nhận", "Kiểm định",
]
_OBJECTS = {
    "Y tế": ["giấy phép hoạt động cơ sở khám bệnh, chữa bệnh", "chứng chỉ hành nghề dược",
             "giấy chứng nhận đủ điều kiện kinh doanh dược", "giấy phép hoạt động phòng khám chuyên khoa",
             "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "hồ sơ công bố sản phẩm thực phẩm",
             "giấy phép nhập khẩu trang thiết bị y tế", "giấy chứng nhận sức khỏe lái xe"],
    "Giáo dục và Đào tạo": ["quyết định thành lập trường trung học phổ thông", "giấy phép hoạt động giáo dục",
                            "văn bằng tốt nghiệp trung học phổ thông", "bản sao văn bằng, chứng chỉ từ sổ gốc",
                            "quyết định cho phép trung tâm ngoại ngữ tin học hoạt động", "chỉnh sửa nội dung văn bằng",
                            "công nhận trường đạt chuẩn quốc gia", "học bổng chính sách cho học sinh dân tộc nội trú"],
    "Giao thông vận tải": ["giấy phép lái xe", "giấy phép kinh doanh vận tải bằng xe ô tô",
                           "giấy chứng nhận đăng ký phương tiện thủy nội địa", "phù hiệu xe taxi",
                           "giấy phép thi công công trình trên đường bộ đang khai thác", "biển hiệu xe ô tô du lịch",
                           "giấy chứng nhận thẩm định thiết kế xe cơ giới cải tạo", "giấy phép lưu hành xe quá tải trọng"],
    "Công thương": ["giấy phép bán lẻ rượu", "giấy phép bán buôn sản phẩm thuốc lá",
                    "giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu", "giấy phép hoạt động điện lực",
                    "giấy chứng nhận đủ điều kiện sản xuất hóa chất", "giấy phép tổ chức hội chợ, triển lãm thương mại",
                    "giấy phép kinh doanh khí dầu mỏ hóa lỏng", "giấy xác nhận ưu đãi dự án khuyến công"],
    "Nông nghiệp và Môi trường": ["giấy phép khai thác nước mặt", "giấy phép xả nước thải vào nguồn nước",
                                  "giấy phép môi trường", "giấy phép khai thác khoáng sản",
                                  "giấy chứng nhận kiểm dịch động vật vận chuyển ra khỏi tỉnh",
                                  "giấy chứng nhận cơ sở an toàn dịch bệnh động vật", "giấy phép khai thác thủy sản",
                                  "phương án trồng rừng thay thế", "giấy phép đưa phương tiện vào hoạt động trong phạm vi bảo vệ công trình thủy lợi",
                                  "giấy chứng nhận đăng ký tàu cá", "hồ sơ giao đất, cho thuê đất cho tổ chức",
                                  "giấy phép thăm dò nước dưới đất", "quyết định giao rừng cho cộng đồng dân cư"],
    "Tài chính": ["giấy chứng nhận đăng ký doanh nghiệp", "giấy chứng nhận đăng ký đầu tư",
                  "thông báo thay đổi nội dung đăng ký doanh nghiệp", "giấy chứng nhận đăng ký hợp tác xã",
                  "quyết định chủ trương đầu tư dự án", "mã số đơn vị có quan hệ với ngân sách",
                  "hồ sơ quyết toán dự án hoàn thành", "giấy chứng nhận đăng ký hoạt động chi nhánh"],
    "Xây dựng": ["giấy phép xây dựng công trình tôn giáo", "giấy phép xây dựng công trình quảng cáo",
                 "chứng chỉ năng lực hoạt động xây dựng", "chứng chỉ hành nghề kiến trúc",
                 "giấy phép di dời công trình", "thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng",
                 "giấy phép xây dựng có thời hạn cho công trình hạ tầng", "công nhận chủ đầu tư dự án nhà ở xã hội"],
    "Văn hóa, Thể thao và Du lịch": ["giấy phép kinh doanh dịch vụ lữ hành nội địa", "thẻ hướng dẫn viên du lịch",
                                     "giấy phép tổ chức biểu diễn nghệ thuật", "giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",
                                     "giấy phép thành lập bảo tàng ngoài công lập", "xếp hạng di tích cấp tỉnh",
                                     "giấy phép kinh doanh dịch vụ vũ trường", "công nhận cơ sở lưu trú du lịch hạng sao"],
    "Nội vụ": ["quyết định công nhận ban vận động thành lập hội", "phê duyệt điều lệ hội",
               "giấy phép thành lập quỹ xã hội, quỹ từ thiện", "xếp hạng đơn vị sự nghiệp công lập",
               "thi tuyển công chức", "nâng ngạch viên chức", "tặng bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
               "công nhận tổ chức tôn giáo trực thuộc", "đăng ký người vào tu", "tổ chức cuộc lễ ngoài cơ sở tôn giáo"],
    "Tư pháp": ["thẻ công chứng viên", "giấy đăng ký hoạt động văn phòng công chứng", "chứng chỉ hành nghề luật sư",
                "phiếu lý lịch tư pháp", "giấy đăng ký hoạt động của trung tâm trọng tài",
                "quốc tịch Việt Nam", "ghi vào sổ hộ tịch việc kết hôn đã giải quyết tại cơ quan có thẩm quyền của nước ngoài",
                "ghi vào sổ hộ tịch việc ly hôn đã giải quyết ở nước ngoài", "thẻ giám định viên tư pháp",
                "đăng ký hành nghề thừa phát lại", "giấy phép hoạt động của tổ chức hành nghề luật sư nước ngoài"],
    "Lao động, Thương binh và Xã hội": ["giấy phép lao động cho người nước ngoài", "giấy phép hoạt động dịch vụ việc làm",
                                        "trợ cấp thất nghiệp", "giấy phép hoạt động cho thuê lại lao động",
                                        "công nhận cơ sở sản xuất kinh doanh sử dụng lao động là người khuyết tật",
                                        "thành lập cơ sở trợ giúp xã hội ngoài công lập", "di chuyển hài cốt liệt sĩ",
                                        "giáo dục nghề nghiệp cho doanh nghiệp"],
    "Khoa học và Công nghệ": ["giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", "giấy phép tiến hành công việc bức xạ",
                              "đăng ký hợp đồng chuyển giao công nghệ", "chứng chỉ nhân viên bức xạ",
                              "giấy phép cung cấp dịch vụ viễn thông", "giấy phép xuất bản bản tin",
                              "tên miền quốc gia", "giấy phép thiết lập trang thông tin điện tử tổng hợp"],
    "Ngân hàng": ["giấy phép thành lập quỹ tín dụng nhân dân", "chấp thuận thay đổi địa điểm trụ sở chi nhánh ngân hàng",
                  "giấy phép hoạt động ngoại hối", "đăng ký khoản vay nước ngoài của doanh nghiệp"],
    "Quốc phòng, An ninh": ["giấy phép sử dụng vật liệu nổ công nghiệp", "giấy chứng nhận đủ điều kiện về an ninh trật tự",
                            "giấy phép sử dụng công cụ hỗ trợ", "hộ chiếu phổ thông", "thị thực cho người nước ngoài",
                            "giấy phép vào khu vực biên giới", "đăng ký, cấp biển số xe", "thẩm duyệt thiết kế phòng cháy chữa cháy"],
}
_QUALIFIERS = [
    "", "", "", "cho tổ chức", "cho cá nhân", "cho doanh nghiệp có vốn đầu tư nước ngoài", "trên địa bàn tỉnh",
    "thuộc thẩm quyền của Sở", "thuộc thẩm quyền của Bộ", "trong trường hợp bị mất, hư hỏng", "do hết hạn",
    "khi có thay đổi thông tin", "tại khu kinh tế", "ở khu vực biên giới", "cấp trung ương", "cấp tỉnh",
    "đối với cơ sở thuộc lực lượng vũ trang", "đối với công trình cấp đặc biệt",
]
_STEP_TEMPLATES = [
    "Bước 1: Tổ chức, cá nhân chuẩn bị hồ sơ và nộp tại {agency}.",
    "Bước 2: Cơ quan tiếp nhận kiểm tra tính đầy đủ của hồ sơ về {obj}.",
    "Bước 3: Trong thời hạn quy định, {agency} thẩm định và trình cấp có thẩm quyền quyết định.",
    "Bước 4: Trả kết quả cho tổ chức, cá nhân tại Trung tâm Phục vụ hành chính công.",
]
_DOSSIER_TEMPLATES = [
    "Đơn đề nghị {action_lower} {obj} theo mẫu", "Bản sao giấy tờ chứng minh tư cách pháp nhân",
    "Báo cáo thuyết minh điều kiện hoạt động", "Danh sách nhân sự kèm văn bằng, chứng chỉ",
    "Tài liệu kỹ thuật liên quan", "Văn bản ủy quyền (nếu có)",
]
_AGENCIES = ["Sở {field}", "Ủy ban nhân dân tỉnh", "Bộ {field}", "Cục quản lý chuyên ngành", "Chi cục chuyên ngành"]


def distractors(count: int, real_names: set[str], seed: int = 20250701) -> list[dict]:
    """``count`` deterministic synthetic procedures with names unlike any real one."""
    rng = random.Random(seed)
    fields = sorted(_OBJECTS)
    out: list[dict] = []
    seen = {n.lower() for n in real_names}
    attempt = 0
    while len(out) < count and attempt < count * 50:
        attempt += 1
        field = fields[rng.randrange(len(fields))]
        obj = rng.choice(_OBJECTS[field])
        action = rng.choice(_ACTIONS)
        qualifier = rng.choice(_QUALIFIERS)
        name = " ".join(p for p in (action, obj, qualifier) if p)
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        agency = rng.choice(_AGENCIES).format(field=field)
        out.append({
            "code": f"PAD-{len(out) + 1:05d}",
            "name": name,
            "field": field,
            "level": rng.choice(["Cấp tỉnh", "Cấp trung ương"]),
            "agency": agency,
            "steps": [t.format(agency=agency, obj=obj) for t in _STEP_TEMPLATES],
            "dossier": [
                {"name": t.format(action_lower=action.lower(), obj=obj), "copies": "01 bộ"}
                for t in rng.sample(_DOSSIER_TEMPLATES, 3)
            ],
            "processing_time": f"{rng.choice([5, 7, 10, 15, 20, 30])} ngày làm việc",
            "fees": rng.choice(["", "Không", "Theo quy định của Bộ Tài chính"]),
            "submission": {"counter": True, "post": rng.random() < 0.5, "online": rng.random() < 0.5,
                           "online_url": None},
            "result": f"Quyết định hoặc văn bản {action.lower()} {obj}",
            "legal_bases": [],
            "status": "in_force",
            "demo": True,
        })
    return out


# ---- evaluation ---------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def evaluate(index, questions: list[dict]) -> dict:
    top1 = top3 = 0
    latencies = []
    for item in questions:
        start = time.perf_counter()
        hits = index.search(item["q"], 3)
        latencies.append((time.perf_counter() - start) * 1000)
        codes = [h.code for h in hits]
        top1 += codes[:1] == [item["code"]]
        top3 += item["code"] in codes
    n = len(questions) or 1
    return {
        "top1": top1 / n, "top3": top3 / n,
        "p50": statistics.median(latencies) if latencies else 0.0, "p95": percentile(latencies, 95),
    }


def evaluate_assistant(index, questions: list[dict]) -> dict:
    kinds: Counter = Counter()
    right = 0
    offered = 0
    for item in questions:
        reply = answer(index, item["q"], hotline="1900 0000", feedback_url="https://example.invalid/phan-anh")
        kinds[reply["kind"]] += 1
        if reply["kind"] == "answer" and reply["procedure"] == item["code"]:
            right += 1
        if reply["kind"] == "choose" and item["code"] in [c["code"] for c in reply["candidates"]]:
            offered += 1
    n = len(questions) or 1
    return {
        "answer": kinds["answer"] / n, "answer_correct": right / max(1, kinds["answer"]),
        "choose": kinds["choose"] / n, "choose_has_right": offered / max(1, kinds["choose"]),
        "none": kinds["none"] / n,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default=str(DEFAULT_CATALOGUE))
    parser.add_argument("--questions", default=str(DEFAULT_QUESTIONS))
    parser.add_argument("--pad", type=int, default=2000, help="padded catalogue size")
    parser.add_argument("--show-failures", action="store_true",
                        help="count missed procedures and what they were taken for")
    args = parser.parse_args(argv)

    catalogue = json.loads(Path(args.catalogue).read_text(encoding="utf-8"))
    questions = json.loads(Path(args.questions).read_text(encoding="utf-8"))
    known_codes = {p["code"] for p in catalogue}
    missing = [q for q in questions if q.get("code") not in known_codes]
    if missing:
        print(f"warning: {len(missing)} questions point to codes not in the catalogue")
    padded = catalogue + distractors(max(0, args.pad - len(catalogue)), {p["name"] for p in catalogue})

    print(f"questions: {len(questions)}")
    print(f"{'catalogue':<14}{'engine':<10}{'build ms':>10}{'top-1':>8}{'top-3':>8}{'p50 ms':>9}{'p95 ms':>9}")
    engines = {}
    for label, procedures in (("demo", catalogue), (f"padded {len(padded)}", padded)):
        for name, factory in (("engine", ProcedureIndex), ("bm25", PlainBM25Index)):
            start = time.perf_counter()
            index = factory(procedures)
            build = (time.perf_counter() - start) * 1000
            engines[(label, name)] = index
            r = evaluate(index, questions)
            print(f"{label:<14}{name:<10}{build:>10.0f}{r['top1']:>8.1%}{r['top3']:>8.1%}"
                  f"{r['p50']:>9.2f}{r['p95']:>9.2f}")

    for label in ("demo", f"padded {len(padded)}"):
        a = evaluate_assistant(engines[(label, "engine")], questions)
        print(f"assistant on {label}: answer {a['answer']:.1%} (correct {a['answer_correct']:.1%}), "
              f"choose {a['choose']:.1%} (right one offered {a['choose_has_right']:.1%}), none {a['none']:.1%}")

    if args.show_failures:
        # Aggregate only (which procedures are missed and what they are taken
        # for), so that gaps are fixed in general and not question by question.
        index = engines[("demo", "engine")]
        confusions: Counter = Counter()
        for item in questions:
            hits = index.search(item["q"], 1)
            got = hits[0].code if hits else "(none)"
            if got != item["code"]:
                confusions[(item["code"], got)] += 1
        for (want, got), count in confusions.most_common():
            print(f"missed {count}x: {want} taken for {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
