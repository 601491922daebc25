from django.conf import settings
from django.db import models
from django.utils import timezone


class FormSubmission(models.Model):
    """One use of a create form's one-time token (``web/once.py``): a repeated post of the same form
    (a double click, a reload, a resend after a lost connection) is answered with the first result."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    result_url = models.CharField(max_length=1000, blank=True, help_text="empty while the first post runs")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "lần gửi biểu mẫu"
        verbose_name_plural = "lần gửi biểu mẫu"

    def __str__(self) -> str:
        return self.token
