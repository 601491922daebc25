from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def posted_value(posted, question_id):
    return posted.get(f"q{question_id}", "") if posted else ""


@register.filter
def posted_list(posted, question_id):
    return posted.getlist(f"q{question_id}") if posted else []


@register.filter
def minutes_seconds(seconds):
    if seconds is None:
        return "—"
    return f"{seconds // 60} phút {seconds % 60:02d} giây"


@register.filter
def clock(seconds):
    """Seconds left as the countdown shows them: 14:05, or 1:02:09 past an hour."""
    try:
        seconds = max(0, int(seconds))
    except (TypeError, ValueError):
        return "—"
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"
