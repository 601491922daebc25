from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "tuyentruyen.work"
    verbose_name = "Thực hiện kế hoạch"

    def ready(self):
        from tuyentruyen.jobs.leases import task_abandoned
        from tuyentruyen.plans.signals import plan_issued, plan_replaced

        from . import receivers

        plan_issued.connect(receivers.create_tasks_on_issue, dispatch_uid="work.create_tasks_on_issue")
        plan_replaced.connect(receivers.close_tasks_on_replace, dispatch_uid="work.close_tasks_on_replace")
        task_abandoned.connect(receivers.import_abandoned, dispatch_uid="work.import_abandoned")
