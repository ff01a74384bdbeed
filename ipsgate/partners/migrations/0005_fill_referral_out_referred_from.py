"""Existing referrals out get the site the person is at now as the site they were referred from: the best record
there is (the referrals were all made in the weeks before this field, while people were where they are now)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    ReferralOut = apps.get_model("partners", "ReferralOut")
    Participant = apps.get_model("people", "Participant")
    site = Participant.objects.filter(pk=OuterRef("participant_id")).values("current_site_id")[:1]
    ReferralOut.objects.filter(referred_from__isnull=True).update(referred_from_id=Subquery(site))


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_referral_out_referred_from"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
