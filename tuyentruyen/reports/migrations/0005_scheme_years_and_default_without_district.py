"""Province schemes become yearly: each existing scheme keeps its rows and gets the year it was last
changed; a scheme still holding the old default (labelled with a district, which no longer exists) is renamed
to the new default's name. The shipped default file moved to ``schemes/default_commune.json``."""

import django.core.validators
from django.db import migrations, models


OLD_DEFAULT_CODE = "xuan-loc-2022"
NEW_DEFAULT = {"code": "par-index-xa", "name": "Bộ tiêu chí mặc định — tuyên truyền CCHC cấp xã"}


def give_years(apps, schema_editor):
    scheme_model = apps.get_model("reports", "ScoringScheme")
    for scheme in scheme_model.objects.all():
        scheme.year = scheme.updated_at.year if scheme.updated_at else 2025
        definition = scheme.definition if isinstance(scheme.definition, dict) else {}
        if definition.get("code") == OLD_DEFAULT_CODE:
            scheme.definition = {**definition, **NEW_DEFAULT}
            scheme.name = NEW_DEFAULT["name"]
        scheme.save(update_fields=["year", "definition", "name"])


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0004_report_signoff_receipts_and_appraisal'),
    ]

    operations = [
        migrations.RunPython(give_years, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='scoringscheme',
            name='year',
            field=models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000, message='Giá trị phải từ 2000 đến 2100.'), django.core.validators.MaxValueValidator(2100, message='Giá trị phải từ 2000 đến 2100.')], verbose_name='năm áp dụng'),
        ),
    ]
