"""Side effects as the leaflet classes them (issue 10, item 6): a severity (required
for the common ones, empty on older records), the words of "something else unusual",
and who said a doctor allowed the next dose after a sign of allergy. The kinds grow
(chest infection, pneumonia, site reaction, vomiting, constipation, other).

Existing records keep their code and their words: `sinusitis` ("sinus or upper
respiratory infection") stays as it was stored and now belongs with the signs of
infection (rules.health.INFECTION_SIGNS), so it is urgent from now on and flags the
clinic's review until staff mark it seen. No row is rewritten."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('injections', '0008_prescriptions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='sideeffect',
            name='described',
            field=models.CharField(blank=True, max_length=200, verbose_name='what it is'),
        ),
        migrations.AddField(
            model_name='sideeffect',
            name='doctor_said_yes_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='sideeffect',
            name='doctor_said_yes_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='sideeffect',
            name='severity',
            field=models.CharField(blank=True, choices=[('mild', 'mild'), ('moderate', 'moderate'), ('severe', 'severe')], max_length=8, verbose_name='how bad'),
        ),
        migrations.AlterField(
            model_name='sideeffect',
            name='kind',
            field=models.CharField(choices=[('rash', 'rash'), ('infection', 'fever, sore throat or chills'), ('sinusitis', 'sinus or upper respiratory infection'), ('chest_infection', 'chest infection'), ('pneumonia', 'pneumonia'), ('breathing', 'wheezing or chest tightness'), ('red_swollen_skin', 'a red, swollen area of skin'), ('allergy', 'signs of allergy: short of breath, fast heartbeat, heavy sweating'), ('site_reaction', 'injection-site reaction: redness, swelling, bruising, pain or itching'), ('headache', 'headache'), ('nausea', 'nausea'), ('vomiting', 'vomiting'), ('diarrhoea', 'diarrhoea'), ('constipation', 'constipation'), ('other', 'something else unusual')], max_length=20, verbose_name='what'),
        ),
    ]
