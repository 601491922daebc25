"""Evaluate the procedure search engine and the assistant the way residents text it.

Question sets (bench/data/): ``assistant_villagers.json`` (written the way villagers text: no
diacritics, abbreviations, regional words, typos; used while tuning), ``assistant_villagers_heldout.json``
and ``assistant_villagers_fresh.json`` (written later by the same hand, read since), the older accented
``assistant_questions.json``, and ``assistant_unanswerable*.json`` (what the commune's catalogue cannot
answer: driving licences, passports, prices, exam results, near misses such as tạm vắng or tách thửa).

``assistant_villagers_freshN.json`` with ``assistant_unanswerable_freshN.json``, N = 2 to 13: each pair
written blind by someone who never saw the engine, its phrase list or the earlier sets, one round at a
time. Each was measured once as it arrived (its honest figure, recorded in docs/assistant.md), then read and
used for tuning while the next round was written; fresh13 is the newest and has not been read.

For each answerable set: top-1 / top-3 of the engine's ranking, of the assistant's reply (an "answer"
counts for top-1 when right; the answer or the offered list for top-3), and of a strong baseline — BM25
(the ``bm25s`` package) over the same folding, abbreviations, stop words, bigrams and synonym expansion.
For each unanswerable set: the share of replies that are a confident answer (always wrong there), of
short lists and of "not found"; the baseline has no way to abstain, so its top hit is its answer.
Latency p50 / p95 of the assistant's whole reply on the demo catalogue and on the same catalogue padded
with deterministic synthetic procedures to 2,000.

    .venv/bin/python bench/assistant_eval.py [--pad 2000] [--show-failures]
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
from tuyentruyen.procedures.search.engine import ProcedureIndex  # noqa: E402

DEFAULT_CATALOGUE = ROOT / "tuyentruyen" / "procedures" / "data" / "demo_catalogue.json"
DATA = ROOT / "bench" / "data"
ANSWERABLE = ("assistant_villagers.json", "assistant_villagers_heldout.json", "assistant_villagers_fresh.json",
              "assistant_villagers_fresh2.json", "assistant_villagers_fresh3.json", "assistant_villagers_fresh4.json",
              "assistant_villagers_fresh5.json", "assistant_villagers_fresh6.json", "assistant_villagers_fresh7.json",
              "assistant_villagers_fresh8.json", "assistant_villagers_fresh9.json",
              "assistant_villagers_fresh10.json", "assistant_villagers_fresh11.json",
              "assistant_villagers_fresh12.json", "assistant_villagers_fresh13.json", "assistant_questions.json")
UNANSWERABLE = ("assistant_unanswerable.json", "assistant_unanswerable_heldout.json",
                "assistant_unanswerable_fresh.json", "assistant_unanswerable_fresh2.json",
                "assistant_unanswerable_fresh3.json", "assistant_unanswerable_fresh4.json",
                "assistant_unanswerable_fresh5.json", "assistant_unanswerable_fresh6.json",
                "assistant_unanswerable_fresh7.json", "assistant_unanswerable_fresh8.json",
                "assistant_unanswerable_fresh9.json", "assistant_unanswerable_fresh10.json",
                "assistant_unanswerable_fresh11.json", "assistant_unanswerable_fresh12.json",
                "assistant_unanswerable_fresh13.json")

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


# ---- baseline: BM25 (bm25s) over the same folding and synonyms ---------------------------


class FoldedBM25:
    """BM25 over folded syllables + bigrams, abbreviations expanded, filler words dropped, synonyms
    expanded into the query: everything the engine knows about the words, none of its ranking."""

    def __init__(self, procedures: list[dict]):
        import bm25s  # bench-only dependency (requirements-dev.txt)

        from tuyentruyen.procedures.search.engine import STOP_FOLDED, _field_texts
        from tuyentruyen.procedures.search.synonyms import build_table

        self.stop = STOP_FOLDED
        self.synonyms = build_table()
        self.codes = [p["code"] for p in procedures]
        corpus = []
        for procedure in procedures:
            fields = _field_texts(procedure)
            # the name three times: a one-field BM25 still knows the name matters most
            corpus.append(self._tokens(" ".join([fields["name"]] * 3 + list(fields.values())), expand_synonyms=False))
        self.model = bm25s.BM25()
        self.model.index(corpus, show_progress=False)

    def _tokens(self, value: str, expand_synonyms: bool = True) -> list[str]:
        from tuyentruyen.procedures.search import text

        keys = text.folded_syllables(value)
        tokens = [k for k in keys if k not in self.stop and not k.isdigit()] + text.bigrams(keys)
        if expand_synonyms:
            for match in self.synonyms.find(keys, [None] * len(keys)):
                for phrase in match.synonym.terms:
                    for alternative in phrase.split(";"):
                        extra = text.folded_syllables(alternative, expand=False)
                        tokens += [k for k in extra if k not in self.stop] + text.bigrams(extra)
        return tokens or ["_"]

    def search(self, query: str, limit: int = 3) -> list[str]:
        documents, scores = self.model.retrieve([self._tokens(query)], k=min(limit, len(self.codes)),
                                                show_progress=False)
        return [self.codes[d] for d, s in zip(documents[0], scores[0], strict=True) if s > 0]


# ---- evaluation ---------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def _reply(index, question: str) -> tuple[dict, float]:
    start = time.perf_counter()
    reply = answer(index, question, hotline="1900 0000", feedback_url="/xa/phan-anh/")
    return reply, (time.perf_counter() - start) * 1000


def _offered(reply: dict) -> list[str]:
    if reply["kind"] == "answer":
        return [reply["procedure"]]
    if reply["kind"] == "choose":
        return [c["code"] for c in reply["candidates"]]
    return []


def evaluate_answerable(index, baseline, questions: list[dict]) -> dict:
    r = Counter()
    latencies = []
    for item in questions:
        want = item["code"]
        codes = [h.code for h in index.search(item["q"], 3)]
        r["rank1"] += codes[:1] == [want]
        r["rank3"] += want in codes
        reply, ms = _reply(index, item["q"])
        latencies.append(ms)
        r[reply["kind"]] += 1
        r["answer_right"] += reply["kind"] == "answer" and reply["procedure"] == want
        r["answer_wrong"] += reply["kind"] == "answer" and reply["procedure"] != want
        r["reply3"] += want in _offered(reply)
        base = baseline.search(item["q"], 3)
        r["bm1"] += base[:1] == [want]
        r["bm3"] += want in base
    r["n"] = len(questions)
    return {"counts": r, "latencies": latencies}


def evaluate_unanswerable(index, baseline, questions: list[dict]) -> dict:
    r = Counter()
    latencies = []
    for item in questions:
        reply, ms = _reply(index, item["q"])
        latencies.append(ms)
        r[reply["kind"]] += 1
        r["bm_answers"] += bool(baseline.search(item["q"], 1))
    r["n"] = len(questions)
    return {"counts": r, "latencies": latencies}


def _share(part: int, whole: int) -> str:
    return f"{part / whole:6.1%}" if whole else "   n/a"


def _load(name: str) -> list[dict]:
    path = DATA / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", default=str(DEFAULT_CATALOGUE))
    parser.add_argument("--pad", type=int, default=2000, help="padded catalogue size for the latency line")
    parser.add_argument("--show-failures", action="store_true",
                        help="list the questions of the tuning sets the assistant got wrong (never the held-out)")
    args = parser.parse_args(argv)

    catalogue = json.loads(Path(args.catalogue).read_text(encoding="utf-8"))
    known_codes = {p["code"] for p in catalogue}
    index = ProcedureIndex(catalogue)
    baseline = FoldedBM25(catalogue)
    latencies: list[float] = []

    print("What the resident sees (the headline): reply@1 = the assistant answered with the right procedure;")
    print("reply@3 = the right one is the answer or among the short list offered; wrong = a confident wrong answer.")
    print("Beside it: the engine's own ranking (rank@k, before the assistant decides to answer, list or abstain)")
    print("and the baseline, BM25 (bm25s) over the same folding, abbreviations, stop words, bigrams and synonyms,")
    print("which cannot abstain (its first hit is its answer).")
    print(f"{'set':<36}{'n':>4}{'reply@1':>9}{'reply@3':>9}{'wrong':>7}{'lists':>7}{'none':>6}"
          f" |{'rank@1':>7}{'rank@3':>7} |{'bm25@1':>7}{'bm25@3':>7}")
    headline = []
    for name in ANSWERABLE:
        questions = _load(name)
        stray = [q for q in questions if q["code"] not in known_codes]
        if stray:
            print(f"warning: {len(stray)} questions of {name} point to codes not in the catalogue")
        if not questions:
            continue
        result = evaluate_answerable(index, baseline, questions)
        latencies += result["latencies"]
        c, n = result["counts"], result["counts"]["n"]
        if "villagers" in name:
            headline.append(f"{name}: reply@1 {_share(c['answer_right'], n).strip()}, "
                            f"reply@3 {_share(c['reply3'], n).strip()} (bm25@1 {_share(c['bm1'], n).strip()})")
        print(f"{name:<36}{n:>4}{_share(c['answer_right'], n):>9}{_share(c['reply3'], n):>9}"
              f"{_share(c['answer_wrong'], n):>7}{_share(c['choose'], n):>7}{_share(c['none'], n):>6}"
              f" |{_share(c['rank1'], n):>7}{_share(c['rank3'], n):>7} |{_share(c['bm1'], n):>7}{_share(c['bm3'], n):>7}")

    print()
    print("unanswerable sets (outside the catalogue): confident answers are wrong answers")
    print(f"{'set':<36}{'n':>4}{'confident':>10}{'lists':>8}{'none':>8}{'bm25 answers':>14}")
    for name in UNANSWERABLE:
        questions = _load(name)
        if not questions:
            continue
        result = evaluate_unanswerable(index, baseline, questions)
        latencies += result["latencies"]
        c, n = result["counts"], result["counts"]["n"]
        print(f"{name:<36}{n:>4}{_share(c['answer'], n):>10}{_share(c['choose'], n):>8}{_share(c['none'], n):>8}"
              f"{_share(c['bm_answers'], n):>14}")

    print()
    print("headline (villagers' sets, the reply the resident sees; targets reply@1 >= 95%, reply@3 >= 99%):")
    for line in headline:
        print("  " + line)
    print()
    print(f"assistant reply latency, demo catalogue ({len(catalogue)}): "
          f"p50 {statistics.median(latencies):.2f} ms, p95 {percentile(latencies, 95):.2f} ms")
    if args.pad > len(catalogue):
        padded = catalogue + distractors(args.pad - len(catalogue), {p["name"] for p in catalogue})
        start = time.perf_counter()
        big = ProcedureIndex(padded)
        build = time.perf_counter() - start
        questions = [q for name in ANSWERABLE + UNANSWERABLE for q in _load(name)]
        big_latencies = [_reply(big, q["q"])[1] for q in questions]
        right = sum(1 for q in questions if q.get("code") and _offered(_reply(big, q["q"])[0])[:1] == [q["code"]])
        print(f"padded catalogue ({len(padded)}, built in {build:.1f} s): p50 {statistics.median(big_latencies):.2f} ms, "
              f"p95 {percentile(big_latencies, 95):.2f} ms over {len(questions)} questions; "
              f"first offered right {right}/{sum(1 for q in questions if q.get('code'))}")

    if args.show_failures:
        # Only the first tuning sets: whoever reads failures to tune must not read the newest blind set.
        for name in ("assistant_villagers.json", "assistant_questions.json"):
            for item in _load(name):
                reply = _reply(index, item["q"])[0]
                if not (reply["kind"] == "answer" and reply["procedure"] == item["code"]):
                    print(f"miss [{name}] {item['q']!r}: want {item['code']}, got {reply['kind']} {_offered(reply)}")
        for item in _load("assistant_unanswerable.json"):
            reply = _reply(index, item["q"])[0]
            if reply["kind"] != "none":
                print(f"unanswerable {item['q']!r}: got {reply['kind']} {_offered(reply)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
