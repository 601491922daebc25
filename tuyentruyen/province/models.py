"""Activities per province, kind and month: the summary the national roll-up reads.

Derived, never edited: ``services.refresh_activity_months`` rebuilds the months in which activities were
recorded, changed or deleted (the daily job ``province.refresh_activity_months``, ``tasks.py``). Not a
tenant's record (it sums every commune of a province), so it has no commune and no scoped manager; only the
national summary reads it. See docs/scale.md for why a table and not only an index.

``CommuneActivityMonth`` and ``CommuneTopicMonth`` are the province overview's: per commune, kept right on
every activity write (``signals.py``), read in the request's scope like the activities they count.
"""

from django.db import models

from tuyentruyen.lib.tenancy import CommuneScopedManager


class ActivityMonth(models.Model):
    province = models.ForeignKey("localities.Province", on_delete=models.CASCADE, related_name="+")
    kind_code = models.SlugField(max_length=40)
    month = models.DateField(help_text="the first day of the month")
    activities = models.PositiveIntegerField(default=0)
    reach = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "province", "kind_code"],
                                               name="activity_month_unique")]
        verbose_name = "số hoạt động theo tháng (tổng hợp)"
        verbose_name_plural = "số hoạt động theo tháng (tổng hợp)"

    def __str__(self) -> str:
        return f"{self.province_id} · {self.kind_code} · {self.month:%m/%Y}: {self.activities}"


class CommuneActivityMonth(models.Model):
    """Activities and reach per commune and month: the province overview's activity columns.

    Derived, never edited, and right after every write: ``signals.py`` recomputes the commune's months an
    activity was in and is in, inside the write's transaction (``services.refresh_commune_months``). The
    overview's periods are whole months, so a period is the sum of its months' rows."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="the first day of the month")
    activities = models.PositiveIntegerField(default=0)
    reach = models.PositiveBigIntegerField(default=0)
    last_date = models.DateField(null=True, help_text="the month's latest activity date")

    objects = CommuneScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commune", "month"], name="commune_activity_month_unique")]
        verbose_name = "số hoạt động của xã theo tháng (tổng hợp)"
        verbose_name_plural = "số hoạt động của xã theo tháng (tổng hợp)"

    def __str__(self) -> str:
        return f"{self.commune_id} · {self.month:%m/%Y}: {self.activities}"


class CommuneTopicMonth(models.Model):
    """How many activities of a commune's month covered a plan topic: the overview's topic coverage.

    Kept like ``CommuneActivityMonth``; a topic removed takes its rows with it (as it takes its links)."""

    commune = models.ForeignKey("localities.Commune", on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey("plans.PlanTopic", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="the first day of the month")
    activities = models.PositiveIntegerField(default=0)

    objects = CommuneScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "month"], name="commune_topic_month_unique")]
        indexes = [models.Index(fields=["commune", "month"], name="commune_topic_month_idx")]
        verbose_name = "nội dung được tuyên truyền theo tháng (tổng hợp)"
        verbose_name_plural = "nội dung được tuyên truyền theo tháng (tổng hợp)"

    def __str__(self) -> str:
        return f"{self.commune_id} · {self.topic_id} · {self.month:%m/%Y}: {self.activities}"
