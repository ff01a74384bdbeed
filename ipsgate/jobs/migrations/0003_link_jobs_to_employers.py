"""Data step of linking jobs to employers, in its own migration (its own transaction on PostgreSQL): 0002 adds the
columns, this fills them, 0004 drops the name column and adds the constraints. PostgreSQL will not alter a table
with pending trigger events, so the data change cannot share a transaction with either."""

from django.db import migrations


def link_jobs_to_employers(apps, schema_editor):
    Job = apps.get_model("jobs", "Job")
    Employer = apps.get_model("employers", "Employer")
    names = sorted(set(Job.objects.values_list("employer_name", flat=True)))
    by_name = {name: Employer.objects.create(name=name, sector="OTHER") for name in names}
    for name, employer in by_name.items():
        Job.objects.filter(employer_name=name).update(employer=employer)
    Job.objects.filter(end_date__isnull=False, end_reason="").update(end_reason="other")


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0001_initial"),
        ("jobs", "0002_applications_and_job_employer"),
    ]

    operations = [
        migrations.RunPython(link_jobs_to_employers, migrations.RunPython.noop),
    ]
