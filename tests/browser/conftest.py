"""Browser tests: headless Chromium (Debian's package) driven by Playwright against a live ipsgate.

A module loads the demo service once into the test database and serves it from a live server thread, so many
pages can be checked without reloading data for each test. The module's data is flushed when it ends, so it never
leaks into other tests.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from pytest_django.live_server_helper import LiveServer

from ipsgate.demo.evaluation_generator import write_allocations
from ipsgate.demo.generator import DEMO_PASSWORD, generate_service
from ipsgate.demo.mfa import ensure_demo_devices

CHROMIUM = os.environ.get("IPSGATE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
BROWSER_TIMEOUT_MS = 15_000

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every browser test needs the test database set up (the module's data lives there). What the server writes
    # during a test is rolled back with the test on SQLite (one shared connection) but kept until the module's
    # flush on PostgreSQL (the server thread has its own connection), so tests must not depend on either.
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="module")
def demo_server(
    django_db_setup: None, django_db_blocker: Any, playwright_browser: Browser
) -> Iterator[LiveServerWithDevices]:
    """The demo service in the test database, served by a live server thread.

    The browser starts first on purpose. While it runs, Playwright marks an event loop as running in this thread, and
    Django then keys database connections by async context instead of by thread. Doing all the database work (the
    load, each test's transaction, the flush) inside that one context keeps it on one connection, which the live
    server shares on SQLite and which is closed at the end so the test database can be dropped."""
    with django_db_blocker.unblock():
        today = timezone.localdate()
        generate_service(people=40, seed=2026, as_of=today, demo=True)
        write_allocations(seed=2026, as_of=today)
        ensure_demo_devices()
        devices = {device.user.username: device for device in TOTPDevice.objects.select_related("user")}
        server = LiveServer("localhost")
        try:
            yield LiveServerWithDevices(server.url, devices)
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            close_unless_in_memory()


def close_unless_in_memory() -> None:
    # An in-memory SQLite database vanishes with its last connection; everything else is closed so that the test
    # database can be dropped at the end of the session.
    for connection in connections.all():
        if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):  # type: ignore[attr-defined]
            connection.close()


class LiveServerWithDevices:
    def __init__(self, url: str, devices: dict[str, TOTPDevice]) -> None:
        self.url = url
        self.devices = devices

    def current_code(self, username: str) -> str:
        """What the person's authenticator app shows now (computed from the device's key, without the ORM)."""
        device = self.devices[username]
        return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture(scope="module")
def playwright_browser() -> Iterator[Browser]:
    # Django refuses ORM calls from a thread with a running event loop, which Playwright's synchronous API keeps
    # marked here between calls. The ORM calls these tests make are plain synchronous ones between browser steps,
    # never from inside the loop, so the guard is lifted for these tests only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright: Playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class SignedIn:
    """Signs demo staff in through the real forms (password, then the authenticator code) once per module, and
    hands out fresh browser tabs carrying that session. A code cannot be used twice, so sessions are reused."""

    def __init__(self, browser: Browser, server: LiveServerWithDevices) -> None:
        self.browser = browser
        self.server = server
        self.states: dict[str, Any] = {}
        self.contexts: list[BrowserContext] = []

    def new_context(self, username: str | None = None) -> BrowserContext:
        """A fresh browser context, signed in as the username if given (after `page(username)` signed them in)."""
        state = self.states.get(username) if username else None
        context = self.browser.new_context(base_url=self.server.url, storage_state=state)
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        self.contexts.append(context)
        return context

    def page(self, username: str) -> Page:
        if username not in self.states:
            context = self.new_context()
            sign_in(context.new_page(), username, self.server.current_code(username))
            self.states[username] = context.storage_state()
            context.close()
        return self.new_context(username).new_page()

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def sign_in(page: Page, username: str, code: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.fill("#id_token", code)
    page.get_by_role("button", name=re.compile("Continue|Verify|Sign in", re.I)).click()
    page.wait_for_load_state()
    assert "/mfa/" not in page.url, f"second factor not accepted for {username}: {page.url}"


@pytest.fixture(scope="module")
def signed_in(playwright_browser: Browser, demo_server: LiveServerWithDevices) -> Iterator[SignedIn]:
    staff = SignedIn(playwright_browser, demo_server)
    yield staff
    staff.close()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    """screenshot(page, "step name") saves a full-page PNG under test-artifacts/browser/<test>/, numbered in order."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    taken = [0]

    def _take(page: Page, step: str) -> Path:
        taken[0] += 1
        slug = re.sub(r"[^\w-]+", "-", step).strip("-").lower()
        path = folder / f"{taken[0]:02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take
