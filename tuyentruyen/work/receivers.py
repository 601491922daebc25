"""Hooks into other apps: tasks made when a plan is issued; the task reminders source."""

from importlib.util import find_spec


def create_tasks_on_issue(sender, revision, **kwargs):
    from .services import create_tasks_for_revision

    create_tasks_for_revision(revision)


def close_tasks_on_replace(sender, plan, replaced_by, user=None, **kwargs):
    from .services import cancel_tasks_of_replaced_plan

    cancel_tasks_of_replaced_plan(plan, replaced_by)


def register_reminders() -> bool:
    """Register the task reminders with the notifications app, when it offers the hook."""
    if find_spec("tuyentruyen.notifications.services") is None:
        return False
    from tuyentruyen.notifications import services as notifications

    register = getattr(notifications, "register_reminder_source", None)
    if register is None:
        return False
    from .reminders import task_reminders

    register(task_reminders)
    return True
