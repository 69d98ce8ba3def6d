from django.db import migrations, models


class Migration(migrations.Migration):
    """Each policy's filing window opens on its own day, and its legal basis names each
    amending act from the day that act is in force (issue 12, item 11)."""

    dependencies = [("catalog", "0002_agency_place")]

    operations = [
        migrations.AddField(
            model_name="policy",
            name="filing_opens",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="policy",
            name="legal_amendments",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
