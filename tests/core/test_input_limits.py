"""Every free-text field has a bounded length (issue 15, item 8: an application note took 200,000 characters).

The limits are a small set of constants (`ipsgate/core/limits.py`). The models carry them as max_length (so the
admin's forms enforce them too), and every text field of every form refuses longer text with the GOV.UK message
naming the field and the limit. Encrypted fields are bounded at the form like the rest.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

import ipsgate
from ipsgate.advice.letters import draft_disclosure_letter
from ipsgate.advice.models import DisclosureStatement
from ipsgate.core.limits import LETTER, LIMITS, NOTE, PARAGRAPH
from ipsgate.fidelity.forms import ReviewForm
from ipsgate.jobs.models import Application
from tests import factories
from tests.conftest import date_fields

HUGE = "x" * 200_000


def ipsgate_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model.__module__.startswith("ipsgate.")]


def test_every_model_text_field_has_one_of_the_limits():
    unbounded = []
    for model in ipsgate_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField) and field.max_length not in LIMITS:
                unbounded.append(f"{model._meta.label}.{field.name} ({type(field).__name__}): {field.max_length}")
            elif isinstance(field, models.CharField) and not (field.max_length and field.max_length <= LETTER):
                unbounded.append(f"{model._meta.label}.{field.name}: {field.max_length}")
    assert not unbounded, "text fields without a limit from ipsgate/core/limits.py:\n  " + "\n  ".join(unbounded)


def test_the_walk_is_not_vacuous():
    text_fields = [
        field for model in ipsgate_models() for field in model._meta.get_fields() if isinstance(field, models.TextField)
    ]
    assert len(text_fields) > 20
    assert any(type(field).__name__ == "ProtectedTextField" for field in text_fields)
    assert len(list(form_classes())) > 30


FormClass = type[forms.Form] | type[forms.ModelForm[Any]]


def form_classes() -> Iterator[FormClass]:
    """Every form class defined in ipsgate (its pages' forms and its admin's own forms)."""
    seen: set[FormClass] = set()
    for module_info in pkgutil.walk_packages(ipsgate.__path__, "ipsgate."):
        if (
            ".migrations" in module_info.name
            or ".settings" in module_info.name
            or module_info.name.endswith("__main__")
        ):
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, (forms.Form, forms.ModelForm))
                and value.__module__ == module.__name__
                and value not in seen
            ):
                seen.add(value)
                yield value


def form_text_fields() -> Iterator[tuple[str, forms.CharField]]:
    """(where, field) for every text field of every form: declared fields, and those ReviewForm adds per item."""
    for form_class in form_classes():
        fields = form_class().fields if form_class is ReviewForm else form_class.base_fields
        for name, field in fields.items():
            # A password is checked against its hash, never stored or shown; refusing long ones only locks people out.
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
                yield f"{form_class.__module__}.{form_class.__name__}.{name}", field


@pytest.mark.django_db  # a few forms read their choices from the database
def test_every_form_text_field_refuses_long_text_with_a_message_naming_the_field_and_the_limit():
    wrong = []
    for where, field in form_text_fields():
        if field.max_length is None or field.max_length > LETTER:
            wrong.append(f"{where}: max_length {field.max_length}")
            continue
        expected = re.compile(rf"^[A-Z][^?]* must be {field.max_length:,} characters or fewer$")
        try:
            field.clean(HUGE)
        except ValidationError as error:
            if not any(expected.match(message) and "(optional)" not in message for message in error.messages):
                wrong.append(f"{where}: {error.messages}")
        else:
            wrong.append(f"{where}: 200,000 characters accepted")
    assert not wrong, "form text fields that are unbounded or lack the GOV.UK message:\n  " + "\n  ".join(wrong)


@pytest.mark.django_db
def test_a_200000_character_application_note_is_refused_with_the_limit(specialist_client, specialist, prison):
    """The review's finding: the note was saved."""
    participant = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    response = specialist_client.post(
        reverse("jobs:application-create", args=[participant.pk]),
        {
            "employer_name": "Acme Ltd",
            "job_title": "Driver",
            "status": "interested",
            **date_fields("on_date", timezone.localdate()),
            "note": HUGE,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Note must be {NOTE:,} characters or fewer" in body
    assert 'href="#id_note"' in body  # the error summary links to the field
    assert not Application.objects.filter(participant=participant).exists()


@pytest.mark.django_db
def test_an_encrypted_letter_is_bounded_at_the_form(specialist_client, specialist, prison):
    participant = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    statement = DisclosureStatement.objects.create(
        participant=participant,
        purpose="Warehouse work",
        what_happened="x",
        what_has_changed="x",
        why_this_job="x",
        letter="The first draft",
        updated_by=specialist,
    )
    url = reverse("advice:statement", args=[participant.pk, statement.pk])
    response = specialist_client.post(url, {"letter": "y" * (LETTER + 1)})
    assert response.status_code == 200
    assert f"Letter must be {LETTER:,} characters or fewer" in response.content.decode()
    statement.refresh_from_db()
    assert statement.letter == "The first draft"
    assert specialist_client.post(url, {"letter": "y" * LETTER}).status_code == 302  # at the limit: saved


def test_the_longest_statement_drafts_a_letter_within_the_letters_limit():
    """The draft letter is built from the statement's three parts: it must fit the letter's own limit, or saving a
    statement with long answers would fail."""
    letter = draft_disclosure_letter(
        name="N" * 250,
        purpose="P" * 150,
        what_happened="a" * PARAGRAPH,
        what_has_changed="b" * PARAGRAPH,
        why_this_job="c" * PARAGRAPH,
    )
    assert len(letter) <= LETTER
