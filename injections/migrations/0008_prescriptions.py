"""Each schedule version carries its dose, so a change of dose keeps its history like
a change of time (issue 10, item 5); anakinra's weight-based limit (DESIGN §2)."""

from decimal import Decimal

import django.core.validators
from django.db import migrations, models


def copy_doses(apps, schema_editor):
    ScheduleVersion = apps.get_model("injections", "ScheduleVersion")
    for version in ScheduleVersion.objects.select_related("regimen").iterator():
        version.dose_mg = version.regimen.dose_mg
        version.save(update_fields=["dose_mg"])


def anakinra_limit(apps, schema_editor):
    Medication = apps.get_model("injections", "Medication")
    Medication.objects.filter(short_name="anakinra").update(max_mg_per_kg_per_day=Decimal("8"))


class Migration(migrations.Migration):
    dependencies = [("injections", "0007_extra_doses")]

    operations = [
        migrations.AddField(
            model_name="medication",
            name="max_mg_per_kg_per_day",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=5,
                null=True,
                verbose_name="most mg per kg a day",
            ),
        ),
        migrations.RunPython(anakinra_limit, migrations.RunPython.noop),
        migrations.AddField(
            model_name="scheduleversion",
            name="dose_mg",
            field=models.DecimalField(
                decimal_places=2, max_digits=7, null=True, verbose_name="dose (mg)"
            ),
        ),
        migrations.RunPython(copy_doses, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="scheduleversion",
            name="dose_mg",
            field=models.DecimalField(
                decimal_places=2,
                max_digits=7,
                validators=[django.core.validators.MinValueValidator(0)],
                verbose_name="dose (mg)",
            ),
        ),
        migrations.AddField(
            model_name="scheduleversion",
            name="mg_per_kg",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=6,
                null=True,
                verbose_name="dose per kg (mg)",
            ),
        ),
        migrations.AddField(
            model_name="scheduleversion",
            name="weight_kg",
            field=models.DecimalField(
                blank=True, decimal_places=1, max_digits=5, null=True, verbose_name="weight (kg)"
            ),
        ),
        migrations.AddConstraint(
            model_name="scheduleversion",
            constraint=models.CheckConstraint(
                condition=models.Q(("mg_per_kg__isnull", True), ("weight_kg__isnull", True))
                | models.Q(("mg_per_kg__isnull", False), ("weight_kg__isnull", False)),
                name="weight_based_dose_names_its_weight",
            ),
        ),
    ]
