"""How much of the residents' personal data the masking finds, on an annotated corpus.

Each message of the corpus (bench/masking_corpus.json: residents' questions and officers' answers, with
and without diacritics) lists its personal items (names, phone and ID numbers, e-mails, addresses) and
items that must stay (procedure names, amounts, dates, public places). The message is masked as the
publication does it (the sender's name from the form is known) and, for comparison, without that help.

An item is *masked* when every occurrence of it is covered by a mask, *left whole* when it still reads
in full in the published text, *partial* otherwise. Prints the share masked, every item not masked, and
the share of items kept that should stay. Exit status 1 with ``--check`` when the share is under the
target or any item is left whole.

    .venv/bin/python bench/masking_eval.py [--corpus PATH] [--check]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tuyentruyen.lib.masking import find_personal_data, fold_aligned, mask_personal_data, nfc  # noqa: E402

DEFAULT_CORPUS = ROOT / "bench" / "masking_corpus.json"
TARGET = 0.98


def _squash(value: str) -> str:
    return re.sub(r"\s+", " ", fold_aligned(nfc(value))).strip()


def judge(message: dict, *, use_contact: bool) -> dict:
    text = nfc(message["text"])
    names = [message["contact_name"]] if use_contact and message.get("contact_name") else []
    spans = find_personal_data(text, names)
    published = mask_personal_data(text, names)
    covered = set()
    for span in spans:
        covered.update(range(span.start, span.end))
    verdicts = []
    for item in message["personal"]:
        item = nfc(item)
        starts = [m.start() for m in re.finditer(re.escape(item), text)]
        whole = _squash(item) in _squash(published)
        masked = all(all(i in covered or text[i].isspace() or text[i] in ",." for i in range(s, s + len(item)))
                     for s in starts)
        verdicts.append((item, "masked" if masked and not whole else "whole" if whole else "partial"))
    kept = [(item, _squash(item) in _squash(published)) for item in message.get("keep", [])]
    return {"id": message["id"], "items": verdicts, "kept": kept, "published": published}


def evaluate(corpus: list[dict], *, use_contact: bool = True) -> dict:
    results = [judge(m, use_contact=use_contact) for m in corpus]
    items = [(r["id"], item, verdict) for r in results for item, verdict in r["items"]]
    kept = [(r["id"], item, ok) for r in results for item, ok in r["kept"]]
    masked = sum(1 for _, _, v in items if v == "masked")
    return {
        "messages": len(corpus), "items": len(items), "masked": masked,
        "share": masked / len(items) if items else 1.0,
        "whole": [(i, item) for i, item, v in items if v == "whole"],
        "partial": [(i, item) for i, item, v in items if v == "partial"],
        "keep_total": len(kept), "kept": sum(1 for *_, ok in kept if ok),
        "over_masked": [(i, item) for i, item, ok in kept if not ok],
        "results": results,
    }


def _report(title: str, figures: dict) -> None:
    print(f"{title}: {figures['masked']}/{figures['items']} personal items masked "
          f"({figures['share']:.1%}) in {figures['messages']} messages")
    for label in ("whole", "partial"):
        for message_id, item in figures[label]:
            print(f"  left {label}: #{message_id} {item!r}")
    print(f"  items that should stay, kept: {figures['kept']}/{figures['keep_total']}")
    for message_id, item in figures["over_masked"]:
        print(f"  masked although public: #{message_id} {item!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--check", action="store_true", help="exit 1 under the target or with an item left whole")
    parser.add_argument("--show", action="store_true", help="print every published text")
    args = parser.parse_args()
    corpus = json.loads(args.corpus.read_text(encoding="utf-8"))
    published = evaluate(corpus, use_contact=True)
    _report("As published (the sender's name from the form known)", published)
    _report("Text alone (no name from the form)", evaluate(corpus, use_contact=False))
    held_out = [m for m in corpus if m.get("held_out")]
    if held_out:
        # Written after the rules were tuned on the rest: the closest thing here to unseen messages.
        _report("Held-out messages only, as published", evaluate(held_out, use_contact=True))
    if args.show:
        for result in published["results"]:
            print(f"#{result['id']}: {result['published']}")
    print(f"Target: at least {TARGET:.0%} masked and no item left whole in the published text.")
    if args.check and (published["share"] < TARGET or published["whole"]):
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
