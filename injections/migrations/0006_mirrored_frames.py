"""Sided regions' x now runs from the inner edge outward (DESIGN §3, revised).

Before, x ran from the region's left edge as drawn with the patient's left on the
left: the inner edge of a right-side region but the outer edge of a left-side one.
Every stored left-side x becomes width - x, in the dose log, the avoid zones and
each revision's snapshot, so that one frame holds everywhere. Distances between
points of one region-side are unchanged. The conversion is its own inverse, so the
migration reverses with the same function.
"""

from django.db import migrations
from django.db.models import F

# Frozen here: a later change to the regions must not change what this migration did.
WIDTH_MM = {"thigh": 120, "upper_arm": 80, "buttock": 120}


def mirror_left_sides(apps, schema_editor):
    for name in ("Dose", "AvoidZone"):
        model = apps.get_model("injections", name)
        for region, width in WIDTH_MM.items():
            model.objects.filter(region=region, side="left", x_mm__isnull=False).update(
                x_mm=width - F("x_mm")
            )
    DoseRevision = apps.get_model("injections", "DoseRevision")
    wanted = DoseRevision.objects.filter(data__region__in=list(WIDTH_MM), data__side="left")
    keys = list(wanted.values_list("pk", flat=True))
    for start in range(0, len(keys), 2000):
        batch = list(DoseRevision.objects.filter(pk__in=keys[start : start + 2000]))
        for revision in batch:
            if revision.data.get("x_mm") is not None:
                revision.data["x_mm"] = WIDTH_MM[revision.data["region"]] - revision.data["x_mm"]
        DoseRevision.objects.bulk_update(batch, ["data"])


class Migration(migrations.Migration):
    dependencies = [("injections", "0005_supplies_and_health")]

    operations = [migrations.RunPython(mirror_left_sides, mirror_left_sides, elidable=False)]
