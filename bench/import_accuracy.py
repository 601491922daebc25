"""Measure the plan importer against hand-made gold annotations.

Usage: .venv/bin/python bench/import_accuracy.py [--seeds DIR] [--gold DIR]

For every seed ``NAME.txt`` with a gold ``NAME.json`` it prints precision, recall and F1 per list field
(citations matched on type + number + date; purposes, requirements, audiences, topics, channels,
responsibilities' units and tasks matched by normalised text similarity), the share of matched channels
whose ``kinds`` equal the gold's, and OK/FAIL for the exact fields (title, period, place, date, signer,
budget), then the same over all seeds. The demo plan (``tuyentruyen/plans/demo/ke-hoach-demo.md``
against ``demo_plan.json``, a Markdown plan with headings at several levels) is measured too unless
``--no-demo`` is given.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tuyentruyen.plans.importer import parse_plan_file, parse_plan_text  # noqa: E402

SIMILARITY = 0.85
EXACT_FIELDS = ("title", "period", "place", "date", "signer", "budget")
LIST_FIELDS = ("legal_bases", "references", "purposes", "requirements", "audiences", "topics", "channels",
               "responsibilities", "tasks")
DEMO = (REPO / "tuyentruyen" / "plans" / "demo" / "ke-hoach-demo.md", REPO / "tuyentruyen" / "plans" / "demo" / "demo_plan.json")


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").lower()
    text = text.replace("–", "-").replace("uỷ", "ủy").replace("oá", "óa").replace("hoá", "hóa")
    text = re.sub(r"[^\w\s/-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def similar(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    if not a or not b:
        return a == b
    if a == b:
        return True
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILARITY


def citation_key(c: dict) -> tuple:
    number = (c.get("number") or "").replace(" ", "").upper() or norm(c.get("title"))
    return (norm(c.get("type")), number, c.get("date"))


def key_text(field: str, item) -> str:
    if isinstance(item, str):
        return item
    if field in ("topics", "channels"):
        return item["text"]
    if field == "responsibilities":
        return item["unit"]
    if field == "tasks":
        return item["title"]
    raise KeyError(field)


def match(field: str, predicted: list, gold: list, pairs: list | None = None) -> tuple[int, int, int]:
    """True positives, number predicted, number in gold (one-to-one matching); matched pairs go to ``pairs``."""
    used: set[int] = set()
    tp = 0
    for p in predicted:
        for i, g in enumerate(gold):
            if i in used:
                continue
            if field in ("legal_bases", "references"):
                ok = citation_key(p) == citation_key(g)
            else:
                ok = similar(key_text(field, p), key_text(field, g))
            if ok:
                used.add(i)
                tp += 1
                if pairs is not None:
                    pairs.append((p, g))
                break
    return tp, len(predicted), len(gold)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    precision = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    recall = tp / n_gold if n_gold else (1.0 if not n_pred else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--gold", type=Path, default=REPO / "bench" / "gold")
    parser.add_argument("-v", "--verbose", action="store_true", help="list unmatched items")
    parser.add_argument("--no-demo", action="store_true", help="leave out the demo Markdown plan")
    args = parser.parse_args()

    cases = [(seed.stem, seed, args.gold / f"{seed.stem}.json") for seed in sorted(args.seeds.glob("*.txt"))]
    if not args.no_demo and DEMO[0].exists() and DEMO[1].exists():
        cases.append(("demo (Markdown)", *DEMO))
    totals = {f: [0, 0, 0] for f in LIST_FIELDS}
    exact_ok = {f: 0 for f in EXACT_FIELDS}
    kinds_ok = kinds_n = 0
    n = 0
    for name, source, gold_path in cases:
        if not gold_path.exists():
            print(f"{name}: no gold, skipped")
            continue
        n += 1
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if source.suffix == ".txt":
            predicted = parse_plan_text(source.read_text(encoding="utf-8"))
        else:
            predicted = parse_plan_file(source.read_bytes(), source.name)
        print(f"== {name}")
        for field in LIST_FIELDS:
            pairs: list = []
            tp, n_pred, n_gold = match(field, predicted[field], gold[field], pairs)
            for i, v in enumerate((tp, n_pred, n_gold)):
                totals[field][i] += v
            p, r, f = prf(tp, n_pred, n_gold)
            print(f"  {field:17s} P={p:.3f} R={r:.3f} F1={f:.3f}  ({tp}/{n_pred} predicted, {n_gold} gold)")
            if args.verbose and tp < max(n_pred, n_gold):
                _show_misses(field, predicted[field], gold[field])
            if field == "channels":
                good = sum(1 for p_item, g_item in pairs if p_item.get("kinds") == g_item.get("kinds"))
                kinds_ok, kinds_n = kinds_ok + good, kinds_n + len(pairs)
                print(f"  {'channel kinds':17s} {good}/{len(pairs)} exact")
                if args.verbose:
                    for p_item, g_item in pairs:
                        if p_item.get("kinds") != g_item.get("kinds"):
                            print(f"      {g_item['label']}: got {p_item.get('kinds')} want {g_item.get('kinds')}")
        for field in EXACT_FIELDS:
            ok = predicted[field] == gold[field]
            exact_ok[field] += ok
            print(f"  {field:17s} {'OK' if ok else 'FAIL'}" + ("" if ok else f"  got {predicted[field]!r} want {gold[field]!r}"))
    if not n:
        print("no seed with gold found")
        return 1
    print("== overall")
    f1s = []
    for field in LIST_FIELDS:
        p, r, f = prf(*totals[field])
        f1s.append(f)
        print(f"  {field:17s} P={p:.3f} R={r:.3f} F1={f:.3f}")
    print(f"  {'channel kinds':17s} {kinds_ok}/{kinds_n} exact")
    for field in EXACT_FIELDS:
        print(f"  {field:17s} {exact_ok[field]}/{n} {'OK' if exact_ok[field] == n else 'FAIL'}")
    exact_share = sum(exact_ok.values()) / (n * len(EXACT_FIELDS))
    print(f"OVERALL mean F1={sum(f1s) / len(f1s):.3f}; exact fields {exact_share:.0%} OK")
    return 0


def _show_misses(field: str, predicted: list[dict], gold: list[dict]) -> None:
    if field in ("legal_bases", "references"):
        pk = {citation_key(c) for c in predicted}
        gk = {citation_key(c) for c in gold}
        for k in pk - gk:
            print(f"      extra   {k}")
        for k in gk - pk:
            print(f"      missing {k}")
        return
    for g in gold:
        if not any(similar(key_text(field, p), key_text(field, g)) for p in predicted):
            print(f"      missing {key_text(field, g)[:100]!r}")
    for p in predicted:
        if not any(similar(key_text(field, p), key_text(field, g)) for g in gold):
            print(f"      extra   {key_text(field, p)[:100]!r}")


if __name__ == "__main__":
    raise SystemExit(main())
