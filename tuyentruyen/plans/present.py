"""Plain-text views of a plan document's parts, for comparison and review screens. Pure."""

PART_LABELS = {
    "header": "Thông tin chung",
    "legal_bases": "Căn cứ",
    "purposes": "Mục đích",
    "requirements": "Yêu cầu",
    "audiences": "Đối tượng",
    "topics": "Nội dung tuyên truyền",
    "channels": "Hình thức tuyên truyền",
    "budget": "Kinh phí",
    "responsibilities": "Trách nhiệm các đơn vị",
    "tasks": "Danh mục nhiệm vụ",
    "recipients": "Nơi nhận",
    "signer": "Người ký",
}


def date_vi(iso: str | None) -> str:
    if not iso:
        return "…"
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def citation_text(c: dict) -> str:
    parts = [c.get("type") or ""]
    if c.get("number"):
        parts.append(f"số {c['number']}")
    if c.get("date"):
        parts.append(f"ngày {date_vi(c['date'])}")
    if c.get("issuer"):
        parts.append(f"của {c['issuer']}")
    if c.get("title"):
        parts.append(f"về {c['title']}")
    return " ".join(p for p in parts if p)


def labelled(item: dict) -> str:
    return f"{item['label']}. {item['text']}" if item.get("label") else f"- {item['text']}"


def part_lines(doc: dict, part: str) -> list[str]:
    if part == "header":
        period = doc.get("period") or {}
        return [
            f"Cơ quan ban hành: {doc.get('issuer') or '…'}",
            f"Số, ký hiệu: {doc.get('number') or '…'}/{doc.get('symbol') or '…'}",
            f"Địa danh, ngày: {doc.get('place') or '…'}, {date_vi(doc.get('date'))}",
            f"Trích yếu: {doc.get('title') or '…'}",
            f"Kỳ kế hoạch: {period.get('label', '…')} ({date_vi(period.get('start'))} – {date_vi(period.get('end'))})",
        ]
    if part == "legal_bases":
        return [citation_text(c) for c in doc.get("legal_bases", [])]
    if part in ("purposes", "requirements", "audiences"):
        return list(doc.get(part, []))
    if part in ("topics", "channels"):
        return [labelled(item) for item in doc.get(part, [])]
    if part == "budget":
        return [doc["budget"]] if doc.get("budget") else []
    if part == "responsibilities":
        lines = []
        for r in doc.get("responsibilities", []):
            lines.append(r["unit"].upper())
            lines.extend(f"  - {duty}" for duty in r["duties"])
        return lines
    if part == "tasks":
        return [
            f"{t.get('no') or '-'}. [{t.get('group') or '—'}] {t['title']} | chủ trì: {', '.join(t['lead']) or '—'}"
            f" | phối hợp: {', '.join(t['coordinating']) or '—'} | {t['timeframe']['text'] or '—'}"
            f" | {t.get('deliverable') or '—'}"
            for t in doc.get("tasks", [])
        ]
    if part == "recipients":
        return [f"{r['name']}" + (f" ({r['purpose']})" if r.get("purpose") else "") for r in doc.get("recipients", [])]
    if part == "signer":
        s = doc.get("signer") or {}
        return [v for v in (s.get("on_behalf"), s.get("deputy"), s.get("title"), s.get("name")) if v]
    raise KeyError(part)
