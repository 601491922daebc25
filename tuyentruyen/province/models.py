"""Activities per province, kind and month: the summary the national roll-up reads.

Derived, never edited: ``services.refresh_activity_months`` rebuilds the months in which activities were
recorded, changed or deleted (the daily job ``province.refresh_activity_months``, ``tasks.py``). Not a
tenant's record (it sums every commune of a province), so it has no commune and no scoped manager; only the
national summary reads it. See docs/scale.md for why a table and not only an index.
"""

from django.db import models


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
