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
