# Tokens get a scope and an expiry. Tokens made before keep what they could do (write) and
# expire 90 days after they were made.

import datetime

from django.db import migrations, models


def expire_old_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=models.F("created_at") + datetime.timedelta(days=90)
    )


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_agency_head"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Chỉ đọc (GET)"), ("write", "Đọc và ghi")],
                default="write",
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Chỉ đọc (GET)"), ("write", "Đọc và ghi")],
                default="read",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="origin",
            field=models.CharField(
                choices=[
                    ("operator", "Lệnh hotro token (người vận hành)"),
                    ("session", "Phiên đăng nhập"),
                ],
                default="operator",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(expire_old_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
    ]
