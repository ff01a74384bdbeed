"""Seed the editable rates table from the values shipped with the code at the time of this migration."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from ipsgate.rules.uc_rates import RATES

    UcRate = apps.get_model("advice", "UcRate")
    for tax_year, rates in RATES.items():
        for name, rate in rates.items():
            UcRate.objects.get_or_create(
                tax_year=tax_year,
                name=name,
                defaults={"value": rate.value, "source": rate.source, "confirmed": rate.confirmed},
            )


class Migration(migrations.Migration):
    dependencies = [("advice", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
