from tuyentruyen.conftest import SECRET_B
from tuyentruyen.localities.models import Unit
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.services import get_or_create_report, save_texts


def make_world_objects(world):
    unit = Unit.objects.filter(commune=world.commune_b).first()
    world.report_b = get_or_create_report(world.commune_b, Period(2026, "q1"), unit)
    save_texts(world.report_b, results=f"Kết quả {SECRET_B}", difficulties="", proposals="")


PARAMETER_FACTORIES = {"report_id": lambda world: world.report_b.pk}
