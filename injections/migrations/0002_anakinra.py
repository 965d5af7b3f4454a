"""Anakinra (Kineret) is the built-in medication (DESIGN §2)."""

from decimal import Decimal

from django.db import migrations


def add_anakinra(apps, schema_editor):
    Medication = apps.get_model("injections", "Medication")
    Medication.objects.update_or_create(
        short_name="anakinra",
        defaults={
            "name": "Anakinra (Kineret)",
            "strength_mg": Decimal("100"),
            "volume_ml": Decimal("0.67"),
            "syringes_per_box": 7,
            "room_temperature_limit_hours": 24,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("injections", "0001_initial")]

    operations = [migrations.RunPython(add_anakinra, migrations.RunPython.noop)]
