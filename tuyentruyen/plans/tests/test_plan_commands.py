import json
from io import StringIO
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from tuyentruyen.lib.tenancy import scopes_disabled
from tuyentruyen.plans.document import schema
from tuyentruyen.plans.models import Plan
from tuyentruyen.tests.shared import seed_params

DEMO_MD = Path(__file__).parents[1] / "demo" / "ke-hoach-demo.md"


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_json_prints_the_schema_shape_and_saves_nothing():
    document = json.loads(run("import_plan", str(DEMO_MD), "--json"))
    jsonschema.validate(document, schema())
    with scopes_disabled():
        assert not Plan.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("seed", seed_params(), ids=lambda p: p.stem)
def test_every_seed_imports_to_the_schema(seed):
    jsonschema.validate(json.loads(run("import_plan", str(seed), "--json")), schema())


@pytest.mark.django_db
def test_commune_saves_a_draft_and_prints_its_id(commune_a, tmp_path):
    plan_id = int(run("import_plan", str(DEMO_MD), "--commune", str(commune_a.pk)).strip())
    with scopes_disabled():
        plan = Plan.objects.get(pk=plan_id)
        assert plan.commune == commune_a and plan.revisions.get().status == "draft"
    output = tmp_path / "out.docx"
    assert "Đã ghi" in run("export_plan", str(plan_id), "--format", "docx", "--output", str(output))
    assert output.read_bytes()[:2] == b"PK"


@pytest.mark.django_db
def test_bad_input_is_a_clear_error(commune_a, tmp_path):
    empty = tmp_path / "rong.docx"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="rỗng"):
        run("import_plan", str(empty), "--json")
    with pytest.raises(CommandError, match="chưa được đưa vào sử dụng"):
        run("import_plan", str(DEMO_MD), "--commune", "1")
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        run("import_plan", str(tmp_path / "khong-co.md"), "--json")
