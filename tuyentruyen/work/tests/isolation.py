from datetime import date

from tuyentruyen.conftest import SECRET_B
from tuyentruyen.work import services
from tuyentruyen.work.models import Evidence, ImportJob

from .factories import issued_plan, plan_document


def make_world_objects(world):
    plan = issued_plan(world.commune_b, world.officer_b, plan_document(title=f"Kế hoạch {SECRET_B}"))
    world.issued_plan_b = plan
    world.task_b = plan.tasks.get(recurrence="quarterly")
    world.task_b.title = f"Nhiệm vụ {SECRET_B}"
    world.task_b.save()
    world.occurrence_b = world.task_b.occurrences.first()
    world.activity_b = services.record_activity(world.commune_b, kind_code="banner", title=f"Băng rôn {SECRET_B}",
                                                date=date(2025, 8, 1), user=world.officer_b)
    # a row without a stored file: the walk must be refused before any file is looked for
    world.evidence_b = Evidence.objects.create(
        commune=world.commune_b, activity=world.activity_b, kind="file", storage_name="0/ab/missing.png",
        content_type="image/png", original_name=f"{SECRET_B}.png", size=10)
    world.kind_b = world.activity_b.kind
    world.job_b = ImportJob.objects.create(commune=world.commune_b, kind="activities", file_name=f"{SECRET_B}.xlsx",
                                           storage_name="x.xlsx", created_by=world.officer_b)


PARAMETER_FACTORIES = {
    "task_id": lambda world: world.task_b.pk,
    "occurrence_id": lambda world: world.occurrence_b.pk,
    "activity_id": lambda world: world.activity_b.pk,
    "evidence_id": lambda world: world.evidence_b.pk,
    "kind_id": lambda world: world.kind_b.pk,
    "job_id": lambda world: world.job_b.pk,
}
