from tuyentruyen.notifications.services import notify


def make_objects(side):
    side.notification = notify(side.officer, title=f"Nhắc việc {side.marker}", body=side.marker,
                               url="/thong-bao/", key=f"isolation:{side.commune.pk}")


PARAMETERS = {"notification_id": lambda side: side.notification.pk}
