from tuyentruyen.conftest import SECRET_B
from tuyentruyen.notifications.services import notify


def make_world_objects(world):
    world.notification_b = notify(world.officer_b, title=f"Nhắc việc {SECRET_B}", body=SECRET_B,
                                  url="/thong-bao/", key="isolation:b")


PARAMETER_FACTORIES = {"notification_id": lambda world: world.notification_b.pk}
