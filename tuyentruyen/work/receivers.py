"""Hooks into other apps: tasks made when a plan is issued, closed when it is replaced; an import job
whose worker died."""

IMPORT_TASK = "tuyentruyen.work.tasks.import_xlsx"


def create_tasks_on_issue(sender, revision, **kwargs):
    from .services import create_tasks_for_revision

    create_tasks_for_revision(revision)


def close_tasks_on_replace(sender, plan, replaced_by, user=None, **kwargs):
    from .services import cancel_tasks_of_replaced_plan

    cancel_tasks_of_replaced_plan(plan, replaced_by)


def import_abandoned(sender, task_path, args, kwargs, retried, **extra):
    """The worker running an import died (``jobs/leases.py``): show the retry, or end the job."""
    if task_path != IMPORT_TASK or not args:
        return
    from .imports import abandon_job

    abandon_job(args[0], retried=retried)
