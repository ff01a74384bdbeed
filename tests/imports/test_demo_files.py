"""The demo's import files (ipsgate/demo/import_files.py) do what `make demo` says: teamleader1 uploads 20 people
with 3 bad rows and sees the 3 errors, imports the corrected file and finds the 20 people on their specialists'
caseloads; the release list moves two people's dates; the updates file accepts a referral, changes a job goal and
notes referral details it does not change."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ipsgate.core.models import User
from ipsgate.demo.generator import generate_service
from ipsgate.demo.import_files import BAD_ROWS, write_import_files
from ipsgate.imports.kinds import NOT_KNOWN, REFERRAL_NOT_CHANGED, UNCHANGED, UPDATE
from ipsgate.imports.services import import_file, import_preview
from ipsgate.journey.models import VocationalProfile
from ipsgate.people.models import Participant


@pytest.fixture
def demo_files(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    generate_service(people=60, seed=11, as_of=timezone.localdate(), demo=True)
    return write_import_files(today=timezone.localdate())


def test_the_teamleader1_journey(demo_files):
    leader = User.objects.get(username="teamleader1")
    bad, good, release, *_ = demo_files
    preview = import_preview(actor=leader, kind="caseload", file_name=bad.name, data=bad.read_bytes())
    assert {error.row for error in preview.errors} == set(BAD_ROWS)
    assert {error.column for error in preview.errors} == {"Date of birth", "Specialist", "Prison number"}
    before = Participant.objects.count()
    done = import_file(actor=leader, kind="caseload", file_name=good.name, data=good.read_bytes())
    assert done.ok and done.count_create == 20
    added = Participant.objects.filter(prison_number__startswith="D9")
    assert Participant.objects.count() == before + 20 == before + added.count()
    assert all(person.allocated_specialist is not None for person in added)
    assert VocationalProfile.objects.filter(participant__in=added).exclude(job_goal="").count() == 4
    moved = import_file(actor=leader, kind="release-list", file_name=release.name, data=release.read_bytes())
    assert [r.action for r in moved.results] == [UPDATE, UPDATE, NOT_KNOWN]


def test_the_caseload_updates_file(demo_files):
    leader = User.objects.get(username="teamleader1")
    updates = demo_files[3]
    done = import_file(actor=leader, kind="caseload", file_name=updates.name, data=updates.read_bytes())
    assert done.ok, [(e.row, e.column, e.message) for e in done.errors]
    assert [(r.action, r.detail) for r in done.results] == [
        (UPDATE, "Accepts the referral"),
        (UPDATE, "Changes job goal"),
        (UNCHANGED, f"Already as in the file. {REFERRAL_NOT_CHANGED}"),
    ]
