from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="sex",
            field=models.CharField(
                blank=True,
                choices=[("female", "Female"), ("male", "Male"), ("not_said", "Prefers not to say")],
                help_text="As the person states it; blank if not recorded.",
                max_length=10,
            ),
        ),
    ]
