"""The one form page: GET shows the form; a valid POST calls the service, which validates again and writes in one
transaction; the service's errors go back onto the form; success is a message and a redirect (post/redirect/get).
Every form page in the service goes through `form_page`, and its template extends `_form_page.html`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError on the form: each message on the field it names when the form has that field,
    otherwise at the top of the error summary."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error)


def form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str | Sequence[tuple[int, str]]],
    next_url: str | Callable[[Any], str],
    template: str,
    context: Mapping[str, Any] | Callable[[Any], Mapping[str, Any]] | None = None,
) -> HttpResponse:
    """`save(cleaned_data)` calls the service and returns what it made; `success` and `next_url` may be worked out
    from it (e.g. the new record's page). `success` is the confirmation, or (level, text) messages (none: `()`).
    `context` is what the template needs besides the form, or a function of the (validated) form that works it out
    only when the page is shown."""
    if request.method == "POST" and form.is_valid():
        try:
            made = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            confirmation = success(made) if callable(success) else success
            for level, text in [(messages.SUCCESS, confirmation)] if isinstance(confirmation, str) else confirmation:
                messages.add_message(request, level, text)
            return redirect(next_url(made) if callable(next_url) else next_url)
    extra = context(form) if callable(context) else context
    return render(request, template, {"form": form, **(extra or {})})
