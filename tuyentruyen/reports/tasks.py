"""Report deadlines feed the daily reminders (see ``notifications.services``)."""

from tuyentruyen.notifications.services import register_reminder_source

from .reminders import report_deadline_reminders

register_reminder_source(report_deadline_reminders)
