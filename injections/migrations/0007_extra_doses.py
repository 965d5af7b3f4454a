"""Extra doses (DESIGN §5): status `extra`, a second injection given by mistake in a
slot that has its taken dose. It steps aside from one-outcome-per-slot, and is
complete like a taken dose, with the reason it was recorded for."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('injections', '0006_mirrored_frames'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='dose',
            name='one_outcome_per_slot',
        ),
        migrations.RemoveConstraint(
            model_name='dose',
            name='dose_is_complete',
        ),
        migrations.AlterField(
            model_name='dose',
            name='status',
            field=models.CharField(choices=[('taken', 'taken'), ('skipped', 'skipped'), ('extra', 'extra dose')], max_length=8, verbose_name='status'),
        ),
        migrations.AddConstraint(
            model_name='dose',
            constraint=models.UniqueConstraint(condition=models.Q(('voided_at__isnull', True), models.Q(('status', 'extra'), _negated=True)), fields=('regimen', 'slot_date'), name='one_outcome_per_slot'),
        ),
        migrations.AddConstraint(
            model_name='dose',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(models.Q(('status', 'taken'), models.Q(('status', 'extra'), models.Q(('reason', ''), _negated=True)), _connector='OR'), ('taken_at__isnull', False), ('dose_mg__isnull', False), models.Q(('region', ''), _negated=True), ('x_mm__isnull', False), ('y_mm__isnull', False), models.Q(('administered_by', ''), _negated=True)), models.Q(('status', 'skipped'), ('taken_at__isnull', True), models.Q(('reason', ''), _negated=True)), _connector='OR'), name='dose_is_complete'),
        ),
    ]
