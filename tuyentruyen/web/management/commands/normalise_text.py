"""Bring text stored before input was normalised to the same form: NFC, without zero-width or bidi
control characters (``lib.text.normalise``), so that a search typed in NFC finds a title stored in NFD
and two unit names that look the same are the same. Idempotent; run once after upgrading.

A command, not a data migration: it reads every text column of every app, which on a large
installation takes a while and belongs to no single app's migration history.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction

from tuyentruyen.lib.tenancy import scopes_disabled
from tuyentruyen.lib.text import normalise

TEXT_FIELDS = (models.CharField, models.TextField)
SKIP = {"accounts.user": {"password"}}


def normalise_model(model, *, write: bool) -> int:
    fields = [f.name for f in model._meta.concrete_fields
              if isinstance(f, TEXT_FIELDS) and not f.primary_key and f.name not in SKIP.get(
                  model._meta.label_lower, ())]
    if not fields:
        return 0
    changed = 0
    rows = model._base_manager.values_list("pk", *fields).order_by("pk")
    for pk, *values in rows.iterator(chunk_size=2000):
        update = {name: normalise(value) for name, value in zip(fields, values, strict=True)
                  if value and normalise(value) != value}
        if update:
            changed += 1
            if write:
                # audit: the same text in its normal form, no change of meaning to account for
                model._base_manager.filter(pk=pk).update(**update)
    return changed


class Command(BaseCommand):
    help = "Chuẩn hóa văn bản đã lưu (Unicode NFC, bỏ ký tự vô hình)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="chỉ đếm, không sửa")

    def handle(self, *args, dry_run=False, **options):
        total = 0
        with scopes_disabled(), transaction.atomic():  # every commune's rows, on purpose
            for model in apps.get_models():
                # The audit trail records what was typed, as it was typed; it is never rewritten.
                if (not model.__module__.startswith("tuyentruyen.") or model._meta.proxy
                        or model._meta.app_label == "audit"):
                    continue
                count = normalise_model(model, write=not dry_run)
                if count:
                    total += count
                    self.stdout.write(f"{model._meta.label}: {count} dòng")
        verb = "cần chuẩn hóa" if dry_run else "đã chuẩn hóa"
        self.stdout.write(f"Tổng cộng {total} dòng {verb}.")
