"""Second step of linking jobs to employers (0003 filled `employer` from `employer_name`): drop the name column,
make the employer required, and require an end reason on ended jobs."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0003_link_jobs_to_employers"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="job",
            name="employer_name",
        ),
        migrations.AlterField(
            model_name="job",
            name="employer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="jobs", to="employers.employer"
            ),
        ),
        migrations.AddConstraint(
            model_name="job",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("end_date__isnull", True), ("end_reason", "")),
                    models.Q(("end_date__isnull", False), models.Q(("end_reason", ""), _negated=True)),
                    _connector="OR",
                ),
                name="job_ended_with_reason",
            ),
        ),
    ]
