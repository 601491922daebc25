"""Overdue feedback fed to the notifications app's daily reminders (registered in tasks.py)."""

from django.urls import reverse

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.notifications.services import Reminder, recipients_for

from .services import overdue_feedback


def overdue_feedback_reminders(commune, today) -> list[Reminder]:
    """One reminder per overdue item for each CCHC officer of the commune and each staff member of the
    unit it was assigned to (the personal data stays on the item's page, not in the reminder)."""
    with commune_scope(commune):
        items = list(overdue_feedback(commune, today))
    reminders = []
    for item in items:
        days = (today - item.due_date).days
        title = f"Phản ánh {item.code} quá hạn trả lời {days} ngày"
        body = f"Hạn trả lời {item.due_date:%d/%m/%Y}" + (f", giao {item.unit.name}." if item.unit else ".")
        url = reverse("engagement:feedback_detail", args=[item.pk])
        for user in recipients_for(commune, item.unit_id):
            reminders.append(Reminder(user=user, title=title, body=body, url=url, kind="overdue",
                                      key=f"engagement.feedback:{item.pk}:overdue"))
    return reminders
