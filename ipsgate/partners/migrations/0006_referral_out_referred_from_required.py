import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("partners", "0005_fill_referral_out_referred_from"),
    ]

    operations = [
        migrations.AlterField(
            model_name="referralout",
            name="referred_from",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.site"),
        ),
    ]
