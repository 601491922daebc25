from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tuyentruyen.lib.tenancy import scopes_disabled
from tuyentruyen.plans.export.docx import render_plan_docx
from tuyentruyen.plans.export.pdf import ConversionFailed, ConverterMissing, convert_docx_to_pdf
from tuyentruyen.plans.models import Plan, PlanRevision


class Command(BaseCommand):
    help = "Write a plan (its latest revision, or --revision N) as an official DOCX or PDF document."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--format", choices=["docx", "pdf"], default="docx")
        parser.add_argument("--output", required=True)
        parser.add_argument("--revision", type=int)

    def handle(self, *args, plan_id, format, output, revision, **options):
        with scopes_disabled():  # an operator's command: the plan is named by id, across tenants
            plan = Plan.objects.filter(pk=plan_id).first()
            if plan is None:
                raise CommandError(f"Không có kế hoạch mã {plan_id}.")
            revisions = PlanRevision.objects.filter(plan=plan)
            chosen = revisions.filter(number=revision).first() if revision else revisions.order_by("-number").first()
        if chosen is None:
            raise CommandError(f"Kế hoạch không có bản số {revision}.")
        content = render_plan_docx(chosen.document)
        if format == "pdf":
            try:
                content = convert_docx_to_pdf(content)
            except (ConverterMissing, ConversionFailed) as exc:
                raise CommandError(getattr(exc, "message", str(exc))) from exc
        Path(output).write_bytes(content)
        self.stdout.write(f"Đã ghi {output} ({len(content) // 1024} KB).")
