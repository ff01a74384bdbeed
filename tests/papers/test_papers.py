"""The person's own papers (issue 19): My plan, the CV and the disclosure letter, on the page, in PDF and in DOCX.

Every format holds the sections the person chose and nothing from the ones left out, never a staff-only detail, and
free text as text; issuing and downloading are audited as exports; bad input is refused with nothing written."""

from __future__ import annotations

import io
import re

import docx
import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ipsgate.core.models import AuditEvent
from ipsgate.papers import catalogue
from ipsgate.papers.models import NextStep, PaperVersion
from tests import factories

from .conftest import HOSTILE


def pdf_text(body: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() for page in reader.pages)


def docx_text(body: bytes) -> str:
    document = docx.Document(io.BytesIO(body))
    props = document.core_properties
    return "\n".join([p.text for p in document.paragraphs] + [props.author or "", props.comments or ""])


def squash(text: str) -> str:
    """PDF text extraction may break lines anywhere: compare without white space."""
    return re.sub(r"\s+", "", text)


def every_format(client, version: PaperVersion) -> dict[str, str]:
    pk, vpk = version.participant_id, version.pk
    page = client.get(reverse("papers:version", args=[pk, vpk]))
    pdf = client.get(reverse("papers:version-pdf", args=[pk, vpk]))
    word = client.get(reverse("papers:version-docx", args=[pk, vpk]))
    assert page.status_code == pdf.status_code == word.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    return {"page": page.content.decode(), "pdf": pdf_text(pdf.content), "docx": docx_text(word.content)}


def issue_plan(client, person, sections, appointments=None):
    data = {"sections": sections}
    if appointments is not None:
        data["appointments"] = [a.pk for a in appointments]
    return client.post(reverse("papers:plan", args=[person.participant.pk]), data)


def test_the_plan_holds_the_chosen_sections_and_nothing_else_in_every_format(specialist_client, paper_person):
    chosen = ["goal", "steps", "appointments", "money", "support"]
    left_out = ["contacts", "disclosure"]
    response = issue_plan(specialist_client, paper_person, chosen, [paper_person.future])
    version = PaperVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("papers:version", args=[paper_person.participant.pk, version.pk])
    assert version.sections == chosen and version.language == "en"
    formats = every_format(specialist_client, version)
    for name, text in formats.items():
        for key in chosen:
            assert squash(paper_person.texts[key]) in squash(text), (name, key)
        for key in left_out:
            assert squash(paper_person.texts[key]) not in squash(text), (name, key)
        for secret in paper_person.staff_only:
            assert squash(secret) not in squash(text), (name, secret)
        if name != "page":  # the files carry no link, no staff text and no internal id
            assert "/participants/" not in text and "Download" not in text, name
    assert "Who to contact" not in formats["pdf"] and "My money" in formats["pdf"]


def test_issuing_and_every_download_are_audited_as_exports(specialist_client, paper_person):
    issue_plan(specialist_client, paper_person, ["goal", "support"])
    version = PaperVersion.objects.get()
    every_format(specialist_client, version)
    exports = AuditEvent.objects.filter(action="export", object_type="paper_plan", object_id=str(version.pk))
    assert exports.count() == 3  # issued, PDF, DOCX
    assert all(event.participant_id == paper_person.participant.pk for event in exports)


def test_an_issued_plan_is_frozen(specialist_client, paper_person):
    issue_plan(specialist_client, paper_person, ["goal"])
    version = PaperVersion.objects.get()
    profile = paper_person.participant.vocational_profile
    profile.job_goal = "Something else entirely"
    profile.save()
    page = specialist_client.get(reverse("papers:version", args=[paper_person.participant.pk, version.pk]))
    assert "I want to work in a warehouse" in page.content.decode()
    assert "Something else entirely" not in page.content.decode()


def test_an_empty_plan_is_refused_and_nothing_is_written(specialist_client, paper_person):
    response = issue_plan(specialist_client, paper_person, [])
    assert response.status_code == 200
    assert "Choose at least one section to go in the plan" in response.content.decode()
    assert not PaperVersion.objects.exists()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_past_appointment_is_refused_for_next_appointments(specialist_client, paper_person):
    response = issue_plan(specialist_client, paper_person, ["appointments"], [paper_person.past])
    assert response.status_code == 200
    page = response.content.decode()
    assert "An appointment that has already started cannot go under" in page
    assert "govuk-error-summary" in page
    assert not PaperVersion.objects.exists()


def test_an_appointment_of_someone_else_is_refused(specialist_client, paper_person, specialist, prison):
    other = factories.ParticipantFactory.create(allocated_specialist=specialist, current_site=prison)
    theirs = factories.AppointmentFactory.create(participant=other, created_by=specialist)
    response = issue_plan(specialist_client, paper_person, ["appointments"], [theirs])
    assert response.status_code == 200
    assert "Choose appointments from this person&#x27;s list" in response.content.decode()
    assert not PaperVersion.objects.exists()


def test_free_text_with_markup_or_formula_characters_is_text_in_every_format(specialist_client, paper_person):
    NextStep.objects.create(
        participant=paper_person.participant,
        text=HOSTILE,
        due_on=timezone.localdate(),
        created_by=paper_person.specialist,
        created_at=timezone.now(),
    )
    issue_plan(specialist_client, paper_person, ["steps"])
    formats = every_format(specialist_client, PaperVersion.objects.get())
    assert "<script>" not in formats["page"]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in formats["page"]
    assert squash(HOSTILE) in squash(formats["pdf"])
    assert HOSTILE in formats["docx"]


def test_the_welsh_plan_has_no_english_template_text_left(specialist_client, paper_person):
    participant = paper_person.participant
    participant.preferred_language = "cy"
    participant.save()
    # The person's own words stay as written: here they wrote them in Welsh, so any English left is template text.
    NextStep.objects.filter(participant=participant).update(text="Dod â’r dystysgrif geni")
    paper_person.future.what_to_bring = "Eich CV a llun adnabod"
    paper_person.future.save()
    all_sections = ["goal", "steps", "appointments", "contacts", "money", "disclosure", "support"]
    issue_plan(specialist_client, paper_person, all_sections, [paper_person.future])
    formats = every_format(specialist_client, PaperVersion.objects.get())
    assert 'lang="cy"' in formats["page"]
    assert "Fy nghynllun" in formats["pdf"] and "Cymorth yn y gwaith" in formats["docx"]
    assert "Rhagfyr" in formats["pdf"] or "Ionawr" in formats["pdf"] or "Dydd" in formats["pdf"]
    for message in catalogue.participant_messages():
        for fragment in re.split(r"%\([a-z_]+\)s", message):
            fragment = fragment.strip(" .:£()")
            if len(fragment) < 4:
                continue
            for name in ("pdf", "docx"):
                assert squash(fragment) not in squash(formats[name]), (name, fragment)
            page_text = re.sub(r'<nav class="paper-staff".*?</nav>', "", formats["page"], flags=re.S)
            assert fragment not in page_text, fragment


def test_the_cv_draft_writes_prison_work_as_ordinary_experience(specialist_client, paper_person):
    url = reverse("papers:cv", args=[paper_person.participant.pk])
    page = specialist_client.get(url).content.decode()
    assert "Kitchen orderly" in page and "Shop assistant, Greggs" in page
    assert "HMP Leeds" not in page
    assert "HMP Leeds" in specialist_client.get(url + "?draft=yes&prison=yes").content.decode()


def test_a_cv_version_is_saved_and_downloaded_and_an_empty_one_refused(specialist_client, paper_person):
    url = reverse("papers:cv", args=[paper_person.participant.pk])
    empty = specialist_client.post(url, {"about": "  ", "experience": "", "qualifications": "", "strengths": ""})
    assert "Write something in at least one part of the CV before saving it" in empty.content.decode()
    assert not PaperVersion.objects.exists()
    saved = specialist_client.post(
        url, {"about": "I like early starts.", "experience": "Kitchen orderly\nShop assistant", "strengths": ""}
    )
    assert saved.status_code == 302
    version = PaperVersion.objects.get(kind="cv")
    assert version.sections == ["about", "experience"]
    formats = every_format(specialist_client, version)
    for text in formats.values():
        assert "Kitchen orderly" in text and "Work experience" in text and "Strengths" not in text
        assert "HMP" not in text
    # The editor starts from the latest saved version.
    assert "I like early starts." in specialist_client.get(url).content.decode()


def test_the_disclosure_letter_needs_the_persons_agreement(specialist_client, paper_person):
    url = reverse("papers:letter", args=[paper_person.participant.pk])
    refused = specialist_client.post(url, {})
    assert "Confirm that the person has read the letter and agrees to it" in refused.content.decode()
    assert not PaperVersion.objects.exists()
    assert specialist_client.post(url, {"agreed": "on"}).status_code == 302
    formats = every_format(specialist_client, PaperVersion.objects.get(kind="letter"))
    for name, text in formats.items():
        assert "LETTER-BODY" in text, name
        assert "Signed:" in text, name
        for secret in paper_person.staff_only:
            assert squash(secret) not in squash(text), (name, secret)


def test_a_next_step_in_the_past_is_refused(specialist_client, paper_person):
    yesterday = factories.days_ago(1)
    response = specialist_client.post(
        reverse("papers:step-add", args=[paper_person.participant.pk]),
        {
            "text": "Open a bank account",
            "due_on_day": yesterday.day,
            "due_on_month": yesterday.month,
            "due_on_year": yesterday.year,
        },
    )
    assert "The date of a next step must be today or in the future" in response.content.decode()
    assert NextStep.objects.count() == 1  # the fixture's own


@pytest.mark.parametrize("role_factory", ["ProbationPractitionerFactory", "ClinicianFactory"])
def test_read_only_roles_are_refused(make_client, paper_person, prison, role_factory):
    user = getattr(factories, role_factory).create(site=prison)
    participant = paper_person.participant
    if role_factory == "ProbationPractitionerFactory":
        participant.probation_practitioner = user
        participant.save()
    client = make_client(user)
    assert client.get(reverse("papers:index", args=[participant.pk])).status_code == 403
    assert client.post(reverse("papers:plan", args=[participant.pk]), {"sections": ["goal"]}).status_code == 403
    assert not PaperVersion.objects.exists()


def test_papers_are_404_outside_scope(make_client, paper_person, other_prison):
    client = make_client(factories.SpecialistFactory.create(site=other_prison))
    pk = paper_person.participant.pk
    version = PaperVersion.objects.create(
        participant=paper_person.participant,
        kind="plan",
        language="en",
        sections=["support"],
        content_json='[{"key": "support", "heading": "Support in work", "lines": ["x"]}]',
        issued_by=paper_person.specialist,
        issued_at=timezone.now(),
    )
    for name in ("papers:index", "papers:plan", "papers:cv", "papers:letter"):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    for name in ("papers:version", "papers:version-pdf", "papers:version-docx"):
        assert client.get(reverse(name, args=[pk, version.pk])).status_code == 404, name
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_participant_page_links_the_papers_and_shows_each_issued_version(specialist_client, paper_person):
    issue_plan(specialist_client, paper_person, ["goal", "support"])
    page = specialist_client.get(paper_person.participant.get_absolute_url()).content.decode()
    assert reverse("papers:index", args=[paper_person.participant.pk]) in page
    assert "Their own papers" in page
    assert "My plan issued" in page  # the timeline entry


def test_the_welsh_catalogue_is_complete_and_compiled():
    """`make test` fails when a participant-facing string has no Welsh entry."""
    assert catalogue.check() == []
    call_command("translations", "--check")


def test_the_catalogue_check_lists_a_missing_or_fuzzy_entry(tmp_path):
    po = tmp_path / "django.po"
    text = catalogue.PO_FILE.read_text(encoding="utf-8")
    text = text.replace('msgid "My goal"\nmsgstr "Fy nod"', 'msgid "My goal"\nmsgstr ""')
    text = text.replace('msgid "My money"\n', '#, fuzzy\nmsgid "My money"\n')
    text = text.replace('msgid "Strengths"\nmsgstr "Cryfderau"\n', "")
    po.write_text(text, encoding="utf-8")
    problems = {(p.msgid, p.reason) for p in catalogue.check(po, catalogue.MO_FILE)}
    assert problems == {
        ("My goal", "untranslated"),
        ("My money", "fuzzy (needs checking)"),
        ("Strengths", "missing from the Welsh catalogue"),
    }


def test_the_builder_shows_each_section_in_the_persons_language_in_a_fixed_number_of_queries(
    specialist_client, paper_person, django_assert_max_num_queries
):
    participant = paper_person.participant
    participant.preferred_language = "cy"
    participant.save()
    with django_assert_max_num_queries(30):
        page = specialist_client.get(reverse("papers:plan", args=[participant.pk])).content.decode()
    assert "What “My goal” will say" in page  # staff page: English
    assert "Cymorth yn y gwaith" not in page  # headings of the paper are not shown here: only its lines
    assert "Byddwn ni’n dal i’ch helpu chi" in page  # the preview, in Welsh
    assert "PASTPLACE" not in page  # a past appointment is not offered
    assert "Unit 4, Cross Green" in page
    for name in ("papers:index", "papers:cv", "papers:letter", "papers:step-add"):
        with django_assert_max_num_queries(30):
            assert specialist_client.get(reverse(name, args=[participant.pk])).status_code == 200, name


def test_a_team_leader_may_issue_papers_for_their_team(make_client, paper_person, prison):
    leader = factories.TeamLeaderFactory.create(site=prison)
    factories.TeamFactory.create(leader=leader, sites=[prison])
    client = make_client(leader)
    response = client.post(reverse("papers:plan", args=[paper_person.participant.pk]), {"sections": ["support"]})
    assert response.status_code == 302
    assert PaperVersion.objects.get().issued_by == leader
