from django.db import migrations, models


class Migration(migrations.Migration):
    """The place of an agency's date line (Decree 30/2020), filled by `hotro loadcatalog`."""

    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="place",
            field=models.CharField(blank=True, default="", max_length=100),
        ),
    ]
