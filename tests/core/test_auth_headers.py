"""Security headers on every page, signed in or not: a nonce-based Content Security Policy whose nonce is the one on
the page's scripts and new for each response, no caching, a permissions policy, no framing; and no template that
would need 'unsafe-inline'."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tests import factories
from tests.conftest import sign_in_verified
from tests.core.test_auth_support import confirmed_device, password_only

pytestmark = pytest.mark.django_db

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "ipsgate" / "templates"
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.I)


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def check_headers(response, label: str) -> None:
    assert "Content-Security-Policy" in response, label
    directives = csp_directives(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"], label
    assert "unsafe-eval" not in response["Content-Security-Policy"], label
    assert directives["frame-ancestors"] == ["'none'"], label
    assert directives["object-src"] == ["'none'"], label
    assert directives["default-src"] == ["'self'"], label
    assert "no-store" in response["Cache-Control"], label
    assert "camera=()" in response["Permissions-Policy"], label
    assert "geolocation=()" in response["Permissions-Policy"], label
    assert response["X-Frame-Options"] == "DENY", label
    assert response["Referrer-Policy"] == "same-origin", label
    assert response["X-Content-Type-Options"] == "nosniff", label


def check_page(response, label: str) -> str:
    """Headers of an HTML page, and its scripts all carry the response's nonce. Returns the nonce."""
    check_headers(response, label)
    script_src = csp_directives(response)["script-src"]
    assert "'self'" in script_src, label
    nonces = [m.group(1) for s in script_src if (m := re.fullmatch(r"'nonce-([A-Za-z0-9+/=_-]{16,})'", s))]
    assert len(nonces) == 1, (label, script_src)
    html = response.content.decode()
    tags = SCRIPT_TAG.findall(html)
    assert tags, label  # every page uses the layout's scripts
    for tag in tags:
        assert f'nonce="{nonces[0]}"' in tag, (label, tag)
    return nonces[0]


@pytest.fixture
def pages(specialist):
    participant = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    factories.EpisodeFactory.create(participant=participant)
    confirmed_device(specialist)
    verified = Client()
    sign_in_verified(verified, specialist)
    half = password_only(specialist)
    anonymous = Client()
    return [
        ("sign-in", anonymous, "/login/"),
        ("password reset", anonymous, "/password-reset/"),
        ("not found", anonymous, "/no-such-page/"),
        ("second factor", half, "/mfa/verify/"),
        ("caseload", verified, "/caseload/"),
        ("participant", verified, f"/participants/{participant.pk}/"),
        ("account", verified, "/account/"),
        ("signed-in not found", verified, "/no-such-page/"),
    ]


def test_every_page_has_the_security_headers_and_a_fresh_nonce(pages):
    for label, client, url in pages:
        first = client.get(url)
        assert first.status_code in (200, 404), (label, first.status_code)
        second = client.get(url)
        assert check_page(first, label) != check_page(second, label), label


def test_redirects_have_the_security_headers_too(specialist):
    for label, client, url in [
        ("anonymous to sign-in", Client(), "/caseload/"),
        ("password only to second factor", password_only(specialist), "/caseload/"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, label
        check_headers(response, label)


def test_the_lockout_page_has_the_security_headers(specialist):
    client = Client()
    for _ in range(5):
        response = client.post("/login/", {"username": specialist.username, "password": "wrong-password-guess"})
    assert response.status_code == 429
    check_page(response, "lockout")


def template_files() -> list[Path]:
    files = [p for p in TEMPLATES_DIR.rglob("*") if p.is_file() and p.suffix in {".html", ".txt", ".svg", ".xml"}]
    assert len(files) > 30  # the walk found the service's templates
    return files


def inline_code(text: str) -> list[str]:
    """What in a template would need 'unsafe-inline': scripts without src, style elements and attributes, handlers."""
    found = [f"inline {tag}" for tag in SCRIPT_TAG.findall(text) if not re.search(r"\bsrc\s*=", tag, re.I)]
    if re.search(r"<style\b", text, re.I):
        found.append("<style> element")
    if re.search(r"\sstyle\s*=", text, re.I):
        found.append("style attribute")
    if re.search(r"\son[a-z]+\s*=\s*[\"']", text, re.I):
        found.append("inline event handler")
    return found


def test_no_template_has_inline_script_or_style():
    problems = [f"{path}: {what}" for path in template_files() for what in inline_code(path.read_text())]
    assert problems == []


@pytest.mark.parametrize(
    "sample",
    [
        "<script>alert(1)</script>",
        "<SCRIPT type=module>x()</SCRIPT>",
        "<style>p{}</style>",
        '<p style="color:red">',
        '<a href="#" onclick="x()">',
    ],
)
def test_the_template_check_notices_inline_code(sample):
    assert inline_code(sample)


def test_the_template_check_allows_external_scripts_with_a_nonce():
    assert inline_code('<script src="/assets/a.js" nonce="{{ request.csp_nonce }}"></script>') == []
