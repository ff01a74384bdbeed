"""Start the audit chain, so the first audited request costs the same queries as every other."""

from django.db import migrations


def create_head(apps, schema_editor):  # type: ignore[no-untyped-def]
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    AuditChainHead.objects.get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
