from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0001_initial'),
        ('dossiers', '0007_dossier_applicant_verified'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='dossier',
            name='dossier_open_on_time_due',
        ),
        migrations.AddIndex(
            model_name='dossier',
            index=models.Index(condition=models.Q(('stat_bucket', 'pending_on_time')), fields=['due_date', 'agency', 'policy', 'status', 'step_agency'], name='dossier_on_time_due_holder'),
        ),
    ]
