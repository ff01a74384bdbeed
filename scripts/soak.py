"""Load and durability soak for ipsgate under gunicorn (issue 8). Run by `make soak`, never by `make test`.

    python scripts/soak.py [--clients 50] [--duration 60] [--writes 1000] [--workers 2]

The database is SQLite in a throwaway data directory, or PostgreSQL when DATABASE_URL is set (as
`scripts/with-postgres.sh` does); either way it must start empty. The script:

1. migrates, generates a synthetic service (`ipsgate generate`: about 18 participants per specialist, so 900
   people give 50 specialists and 5 team leaders), and gives one specialist or team leader per client a password
   and an authenticator-app device;
2. starts `gunicorn ipsgate.wsgi -w 2` on a free loopback port with the production settings (DEBUG off) in its
   own process group;
3. signs every client in through the real forms (password, then a TOTP code from its own device: a code is single
   use per device and step, so one account per client is the only way to get 50 real sessions at once);
4. load: every client walks its role's main pages in random order for the duration over its own connection;
   any status of 400 or more, a redirect to the sign-in or code pages, a connection error or a timeout is an error;
5. durability: writer threads record support contacts through the real form; after a random number (300-700) of
   acknowledged writes (a 302 after the POST) the whole gunicorn process group gets SIGKILL with writes in flight;
   gunicorn is restarted and writing goes on until the target is acknowledged; then the database must hold every
   acknowledged contact exactly once (contacts are told apart by their date and time, one minute apart), nothing
   the script did not send, and an unbroken audit hash chain.

Results are printed and merged into bench/soak-results.json under the database's name. Exit status 1 on any
load error, lost or duplicated write; 2 when the set-up is wrong. Static files are not served by gunicorn with the
production settings (a proxy serves them), so only HTML pages are requested.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import importlib.util
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
PASSWORD = "soak-" + secrets.token_urlsafe(12)  # every soak account's password, for this run only
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def configure_environment(var_dir: Path) -> None:
    """Production settings (DEBUG off, as deployed), with throwaway secrets and plain HTTP on loopback (no TLS
    proxy here, so no redirect to HTTPS). gunicorn inherits this environment."""
    from cryptography.fernet import Fernet

    # Production settings plus the demo app, whose `generate` command fills the database; gunicorn itself runs on
    # the production settings alone (see Server.start).
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.soak_settings"
    os.environ["IPSGATE_VAR_DIR"] = str(var_dir)
    os.environ["IPSGATE_SECRET_KEY"] = secrets.token_urlsafe(64)
    os.environ["IPSGATE_FIELD_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
    os.environ["IPSGATE_ALLOWED_HOSTS"] = "127.0.0.1"
    os.environ["IPSGATE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("PYTHONUNBUFFERED", "1")


# Set-up (in this process, through Django, before the server starts)


@dataclass
class Account:
    username: str
    role: str
    key: bytes  # the authenticator app's secret
    pages: dict[str, list[str]]  # page name -> paths (one per participant for participant pages)
    write_targets: list[int] = field(default_factory=list)  # participants this specialist may record contacts for


def set_up_service(*, people: int, seed: int, clients: int) -> list[Account]:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ipsgate.core.choices import Role
    from ipsgate.core.mfa import CONFIRMED
    from ipsgate.core.models import Team, User
    from ipsgate.people import selectors
    from ipsgate.people.models import Participant

    call_command("migrate", interactive=False, verbosity=0)
    if Participant.objects.exists():
        raise SetUpError("the database is not empty; run against a fresh one (scripts/with-postgres.sh makes one)")
    call_command("generate", people=people, seed=seed, employers=20, vacancies=120, no_progress=True)

    leaders = list(User.objects.filter(role=Role.TEAM_LEADER).order_by("username"))
    specialists = list(User.objects.filter(role=Role.SPECIALIST).order_by("username"))
    # One team leader per ten clients, as in a service; the rest are specialists with a caseload.
    leaders = leaders[: max(1, clients // 10)]
    with_caseload = [s for s in specialists if selectors.caseload_for(s).exists()]
    chosen = leaders + with_caseload[: clients - len(leaders)]
    if len(chosen) < clients:
        raise SetUpError(f"only {len(chosen)} accounts for {clients} clients; raise --people")

    password = make_password(PASSWORD)  # hashed once: hashing is deliberately slow
    accounts = []
    for user in chosen:
        user.password = password
        user.save(update_fields=["password"])
        device = TOTPDevice.objects.create(user=user, name=CONFIRMED, confirmed=True)
        if user.role == Role.TEAM_LEADER:
            members = User.objects.filter(team__in=Team.objects.filter(leader=user), role=Role.SPECIALIST)
            participants = [p.pk for m in members[:3] for p in selectors.caseload_for(m)[:2]]
            pages = leader_pages(participants)
        else:
            participants = [p.pk for p in selectors.caseload_for(user)[:5]]
            pages = specialist_pages(participants)
        accounts.append(Account(user.username, user.role, device.bin_key, pages, participants))
    return accounts


def specialist_pages(participants: list[int]) -> dict[str, list[str]]:
    return {
        "home (redirect)": ["/"],
        "my caseload": ["/caseload/"],
        "to do": ["/todo/"],
        "participants search": ["/participants/"],
        "employers": ["/employers/"],
        "vacancies": ["/vacancies/"],
        **participant_pages(participants),
    }


def leader_pages(participants: list[int]) -> dict[str, list[str]]:
    return {
        "home (redirect)": ["/"],
        "team caseloads": ["/team/"],
        "service overview": ["/overview/"],
        "outcome dashboard": ["/outcomes/"],
        "fidelity reviews": ["/fidelity/"],
        "employers": ["/employers/"],
        "vacancies": ["/vacancies/"],
        **participant_pages(participants),
    }


def participant_pages(participants: list[int]) -> dict[str, list[str]]:
    """Participant pages, each for one of the given participants at random."""
    if not participants:
        return {}
    return {
        "participant": [f"/participants/{pk}/" for pk in participants],
        "profile": [f"/participants/{pk}/profile/" for pk in participants],
        "work": [f"/participants/{pk}/work/" for pk in participants],
        "matching vacancies": [f"/participants/{pk}/matching-vacancies/" for pk in participants],
    }


# HTTP client: one connection and cookie jar per simulated member of staff


class Browser:
    """One member of staff's browser: one cookie jar, one connection per server (its home server unless a request
    names another port, as a load balancer without sticky sessions would send it)."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connections: dict[int, http.client.HTTPConnection] = {}

    def request(
        self, method: str, path: str, fields: dict[str, Any] | None = None, *, port: int | None = None
    ) -> tuple[int, str, str]:
        """(status, Location, body). Raises OSError or http.client.HTTPException when the exchange fails."""
        port = port or self.port
        if port not in self.connections:
            self.connections[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=self.timeout)
        connection = self.connections[port]
        headers = {"Host": f"127.0.0.1:{port}", "User-Agent": "ipsgate-soak"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            connection.close()  # the next request opens a fresh connection
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers.get("Location", ""), data.decode("utf-8", "replace")

    def csrf_token(self, html: str) -> str:
        match = CSRF_FIELD.search(html)
        return match.group(1) if match else self.cookies.get("csrftoken", "")

    def sign_in(self, account: Account) -> None:
        from django_otp.oath import totp

        status, _, html = self.request("GET", "/login/")
        expect(status == 200, f"{account.username}: sign-in page answered {status}")
        fields = {"username": account.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf_token(html)}
        status, location, _ = self.request("POST", "/login/", fields)
        expect(status == 302 and "/login/" not in location, f"{account.username}: password refused ({status})")
        status, _, html = self.request("GET", "/mfa/verify/")
        expect(status == 200, f"{account.username}: code page answered {status}")
        code = f"{totp(account.key):06d}"
        fields = {"token": code, "csrfmiddlewaretoken": self.csrf_token(html)}
        status, location, _ = self.request("POST", "/mfa/verify/", fields)
        expect(status == 302 and "/mfa/" not in location, f"{account.username}: code refused ({status})")


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise SetUpError(message)


class SetUpError(Exception):
    pass


# The server


class Server:
    def __init__(self, *, port: int, workers: int, log_path: Path) -> None:
        self.port = port
        self.workers = workers
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "ipsgate.wsgi",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "60",
            "--no-control-socket",  # its default is one shared path in $HOME
        ]
        with self.log_path.open("ab") as log:
            # Its own session (and so process group): kill() reaches the master and every worker at once.
            self.process = subprocess.Popen(
                command,
                cwd=PROJECT_DIR,
                env={**os.environ, "DJANGO_SETTINGS_MODULE": "ipsgate.settings.production"},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SetUpError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                status, _, _ = Browser(self.port, 5).request("GET", "/login/")
                if status == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.2)
        raise SetUpError("gunicorn did not answer within 60 s")

    def kill(self) -> None:
        """SIGKILL to the master and all workers: no graceful shutdown, no finishing of requests in flight."""
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        wait_for_group_gone(self.process.pid)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        wait_for_group_gone(self.process.pid)


def wait_for_group_gone(pgid: int) -> None:
    """Workers are reaped by init once the master is gone; wait until none of the group is left."""
    for _ in range(100):
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Load


@dataclass
class Sample:
    page: str
    seconds: float
    error: str = ""


def run_load(
    browsers: list[tuple[Browser, Account]], *, duration: float, seed: int, ports: list[int] | None = None
) -> tuple[list[Sample], float]:
    """With `ports`, every request goes to one of the servers at random (no sticky sessions)."""
    samples: list[list[Sample]] = [[] for _ in browsers]
    start = threading.Barrier(len(browsers) + 1)
    deadline = 0.0

    def client(index: int) -> None:
        browser, account = browsers[index]
        rng = random.Random(seed * 1000 + index)
        names = sorted(account.pages)
        start.wait()
        while time.monotonic() < deadline:
            name = rng.choice(names)  # every page equally often, whatever the number of participants
            path = rng.choice(account.pages[name])
            began = time.monotonic()
            error = ""
            try:
                status, location, _ = browser.request("GET", path, port=rng.choice(ports) if ports else None)
                if status >= 400:
                    error = f"HTTP {status}"
                elif urlsplit(location).path in ("/login/", "/mfa/verify/", "/mfa/setup/"):
                    error = f"signed out ({status} to {location})"
            except TimeoutError:
                error = "timeout"
            except (OSError, http.client.HTTPException) as exc:
                error = type(exc).__name__
            samples[index].append(Sample(name, time.monotonic() - began, error))

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(len(browsers))]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + duration
    began = time.monotonic()
    start.wait()
    for thread in threads:
        thread.join()
    return [s for per_client in samples for s in per_client], time.monotonic() - began


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_values:
        return 0.0
    rank = max(1, int(-(-fraction * len(sorted_values) // 1)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def latency_summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50_ms": round(percentile(ordered, 0.50) * 1000, 1),
        "p95_ms": round(percentile(ordered, 0.95) * 1000, 1),
        "p99_ms": round(percentile(ordered, 0.99) * 1000, 1),
        "max_ms": round((ordered[-1] if ordered else 0.0) * 1000, 1),
    }


def load_report(samples: list[Sample], elapsed: float) -> dict[str, Any]:
    by_page: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_page[sample.page].append(sample)
    errors = [s for s in samples if s.error]
    return {
        "requests": len(samples),
        "seconds": round(elapsed, 1),
        "requests_per_second": round(len(samples) / elapsed, 1),
        "errors": len(errors),
        "error_kinds": dict(Counter(s.error for s in errors)),
        **latency_summary([s.seconds for s in samples]),
        "pages": {
            page: {
                "requests": len(rows),
                "errors": sum(1 for s in rows if s.error),
                **latency_summary([s.seconds for s in rows]),
            }
            for page, rows in sorted(by_page.items())
        },
    }


# Durability


@dataclass
class WriteLog:
    acknowledged: dict[int, int] = field(default_factory=dict)  # write number -> participant
    in_flight_at_kill: dict[int, int] = field(default_factory=dict)  # sent, no answer: the server died
    not_sent: int = 0  # the connection was refused: the server was down, nothing reached it
    rejected: list[str] = field(default_factory=list)  # answered, but not with success: a failure
    latencies: list[float] = field(default_factory=list)
    acknowledged_by_others_while_down: int = 0  # two servers: writes the surviving server took during the outage


def write_day_time(number: int) -> tuple[datetime.date, datetime.time]:
    """Each write's contact date and time (local): yesterday from midnight, one minute apart, so each write of
    the run is told apart by it (notes are encrypted at rest, so they cannot be searched)."""
    from django.utils import timezone

    day = timezone.localdate() - datetime.timedelta(days=1 + number // 1440)
    return day, datetime.time(number % 1440 // 60, number % 60)


def write_moment(number: int) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(*write_day_time(number)))


def run_durability(
    servers: list[Server], writers: list[tuple[Browser, Account]], *, writes: int, kill_after: int
) -> tuple[WriteLog, dict[str, Any]]:
    """Writer i writes through servers[i % len(servers)]; servers[0] is killed. With two servers, the other's
    writers carry on through the outage: any failure of theirs is a failure of the service."""
    server = servers[0]
    log = WriteLog()
    lock = threading.Lock()
    counter = iter(range(10**6))
    server_up = threading.Event()
    server_up.set()
    kill_now = threading.Event()
    done = threading.Event()
    pending = [0]  # writes sent and not yet answered
    phase = ["before kill"]  # then "down", then "restarted"

    def writer(index: int, browser: Browser, account: Account) -> None:
        token = browser.csrf_token("")
        targets = account.write_targets
        port = servers[index % len(servers)].port
        on_killed = port == server.port
        while not done.is_set():
            if on_killed:
                server_up.wait()
            with lock:
                if len(log.acknowledged) >= writes:
                    done.set()
                    return
                if len(log.acknowledged) + pending[0] >= writes:
                    wait = True  # enough writes already under way; see whether they are acknowledged
                else:
                    wait = False
                    pending[0] += 1
                    number = next(counter)
                    sent_in = phase[0]
            if wait:
                time.sleep(0.01)
                continue
            participant = targets[number % len(targets)]
            day, moment = write_day_time(number)
            fields = {
                "csrfmiddlewaretoken": token,
                "occurred_on_day": day.day,
                "occurred_on_month": day.month,
                "occurred_on_year": day.year,
                "time": f"{moment:%H:%M}",
                "took_place": "yes",
                "contact_with": "participant",
                "mode": "phone",
                "duration_minutes": 30,
            }
            began = time.monotonic()
            try:
                status, location, body = browser.request(
                    "POST", f"/participants/{participant}/contacts/add/", fields, port=port
                )
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    pending[0] -= 1
                    if not on_killed or sent_in != "before kill" or phase[0] == "before kill":
                        # Only the kill may break a write: anything else is a failure of the server.
                        log.rejected.append(f"{type(error).__name__} ({sent_in}, server {phase[0]})")
                        done.set()
                    elif isinstance(error, ConnectionRefusedError):
                        log.not_sent += 1
                    else:
                        log.in_flight_at_kill[number] = participant
                continue
            with lock:
                pending[0] -= 1
                if status == 302 and location.rstrip("/").endswith(f"/participants/{participant}"):
                    log.acknowledged[number] = participant
                    log.latencies.append(time.monotonic() - began)
                    if not on_killed and phase[0] == "down":
                        log.acknowledged_by_others_while_down += 1
                    if len(log.acknowledged) == kill_after:
                        kill_now.set()
                else:
                    problems = re.findall(r"govuk-error-summary__list.*?<a [^>]*>([^<]+)<", body, re.S)
                    log.rejected.append(f"{status} {location} {problems[:3]}")
                    done.set()

    threads = [threading.Thread(target=writer, args=(i, *pair), daemon=True) for i, pair in enumerate(writers)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    while not kill_now.wait(0.1):
        if done.is_set():  # a write failed before the kill: report it as it is
            for thread in threads:
                thread.join()
            return log, {"killed_after_seconds": None, "acknowledged_when_killed": None, "restart_seconds": None}
    server_up.clear()  # writers hold off before their next write; those in flight fail
    with lock:
        phase[0] = "down"
        acknowledged_at_kill = len(log.acknowledged)
    server.kill()
    killed_at = time.monotonic() - began
    restart_began = time.monotonic()
    server.start()
    restart_seconds = time.monotonic() - restart_began
    with lock:
        phase[0] = "restarted"
    server_up.set()
    for thread in threads:
        thread.join()
    return log, {
        "two_servers": len(servers) > 1,
        "killed_after_seconds": round(killed_at, 1),
        "acknowledged_when_killed": acknowledged_at_kill,
        "restart_seconds": round(restart_seconds, 1),
        "seconds": round(time.monotonic() - began, 1),
    }


def verify_writes(log: WriteLog, baseline: int) -> dict[str, Any]:
    from django.db import connections

    from ipsgate.core.audit import audit_verify
    from ipsgate.journey.models import SupportContact

    connections.close_all()  # a fresh look at what the server committed
    rows = SupportContact.objects.filter(pk__gt=baseline).values_list("occurred_at", "participant_id")
    found = Counter(rows)
    present = lost = duplicated = 0
    for number, participant in log.acknowledged.items():
        count = found.pop((write_moment(number), participant), 0)
        present += count >= 1
        lost += count == 0
        duplicated += count > 1
    in_flight_present = sum(found.pop((write_moment(n), p), 0) >= 1 for n, p in log.in_flight_at_kill.items())
    audit = audit_verify()
    return {
        "acknowledged": len(log.acknowledged),
        "present": present,
        "lost": lost,
        "duplicated": duplicated,
        "in_flight_at_kill": len(log.in_flight_at_kill),
        "in_flight_present": in_flight_present,
        "in_flight_absent": len(log.in_flight_at_kill) - in_flight_present,
        "refused_while_down": log.not_sent,
        "acknowledged_by_other_server_while_down": log.acknowledged_by_others_while_down,
        "rejected": log.rejected[:5],
        "unexpected_rows": sum(found.values()),
        "audit_chain": audit.message if audit.ok else f"BROKEN: {audit.message}",
        "audit_ok": audit.ok,
        "write_latency": latency_summary(log.latencies),
    }


# Two servers (--two-servers): sessions and lockouts live in the shared database, not in a server


def check_sessions_across(browsers: list[tuple[Browser, Account]], ports: list[int]) -> dict[str, Any]:
    """Each client signed in on its home server asks every other server for the home page: it must be let in."""
    checked = lost = 0
    problems = []
    for browser, account in browsers:
        for port in ports:
            if port == browser.port:
                continue
            checked += 1
            status, location, _ = browser.request("GET", "/", port=port)
            if status != 302 or urlsplit(location).path in ("/login/", "/mfa/verify/", "/mfa/setup/"):
                lost += 1
                problems.append(f"{account.username} signed in on {browser.port}, on {port}: {status} {location}")
    return {"checked": checked, "lost": lost, "problems": problems[:5]}


def check_lockout_across(ports: list[int], *, timeout: float) -> dict[str, Any]:
    """Failed sign-ins for one account, alternating between the servers, lock it at the limit counted across all of
    them (no server alone sees the limit); then the right password is refused on every server."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import connections

    from ipsgate.core.choices import Role
    from ipsgate.core.models import User

    victim = User.objects.filter(role=Role.SPECIALIST, is_active=True).exclude(totpdevice__isnull=False).first()
    if victim is None:
        raise SetUpError("no spare specialist for the lockout check")
    victim.password = make_password(PASSWORD)
    victim.save(update_fields=["password"])
    connections.close_all()
    limit = int(settings.AXES_FAILURE_LIMIT)
    browser = Browser(ports[0], timeout)
    per_server: Counter[int] = Counter()
    answers = []
    for attempt in range(limit):
        port = ports[attempt % len(ports)]
        status, _, html = browser.request("GET", "/login/", port=port)
        fields = {
            "username": victim.username,
            "password": "wrong-" + PASSWORD,
            "csrfmiddlewaretoken": browser.csrf_token(html),
        }
        status, _, _ = browser.request("POST", "/login/", fields, port=port)
        per_server[port] += 1
        answers.append(status)
    refused_on = []
    for port in ports:
        status, _, html = browser.request("GET", "/login/", port=port)
        fields = {"username": victim.username, "password": PASSWORD, "csrfmiddlewaretoken": browser.csrf_token(html)}
        status, _, body = browser.request("POST", "/login/", fields, port=port)
        if status == 429 and "Too many attempts" in body:
            refused_on.append(port)
    most_on_one = max(per_server.values())
    return {
        "limit": limit,
        "failures_per_server": {str(port): count for port, count in sorted(per_server.items())},
        "answers": answers,
        "locked_at_limit": answers[-1] == 429 and all(code == 200 for code in answers[:-1]),
        "right_password_refused_on": len(refused_on),
        "ok": most_on_one < limit
        and answers[-1] == 429
        and all(code == 200 for code in answers[:-1])
        and len(refused_on) == len(ports),
    }


class BackupDuringLoad:
    """`ipsgate backup` run as the operator would (its own process, production settings) while the load runs."""

    def __init__(self, directory: Path, delay: float) -> None:
        self.directory = directory
        self.delay = delay
        self.result: dict[str, Any] = {}
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        time.sleep(self.delay)
        began = time.monotonic()
        done = ipsgate_command("backup", "--dir", str(self.directory))
        match = re.search(r"Backup written: (\S+) \((\d+) bytes\)", done.stdout)
        self.result = {
            "returncode": done.returncode,
            "seconds": round(time.monotonic() - began, 1),
            "file": match.group(1) if match else None,
            "bytes": int(match.group(2)) if match else 0,
            "output": (done.stdout + done.stderr).strip()[-500:],
        }

    def wait(self) -> dict[str, Any]:
        self.thread.join()
        return self.result


def ipsgate_command(*args: str, database_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ipsgate.settings.production"}
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "ipsgate", *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
    )


def verify_backup_restores(backup: dict[str, Any], *, audit_before_load: int) -> dict[str, Any]:
    """Restore the backup taken under load into a new, empty database on the same cluster, then check it: the
    audit chain verifies, every participant is there, and the audit trail stops between the load's start and end."""
    import psycopg
    from django.db import connections

    from ipsgate.core.models import AuditEvent
    from ipsgate.people.models import Participant

    if backup.get("returncode") != 0 or not backup.get("file"):
        return {"ok": False, "problem": f"the backup failed: {backup.get('output')}"}
    url = os.environ["DATABASE_URL"]
    scratch = "ipsgate_soak_restore"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    scratch_url = urlsplit(url)._replace(path=f"/{scratch}").geturl()
    began = time.monotonic()
    restored = ipsgate_command("restore", backup["file"], database_url=scratch_url)
    restore_seconds = round(time.monotonic() - began, 1)
    verified = ipsgate_command("audit", "verify", database_url=scratch_url)
    connections.close_all()
    participants = Participant.objects.count()
    audit_at_end = AuditEvent.objects.count()
    with psycopg.connect(scratch_url) as copy:
        restored_participants = copy.execute(f'SELECT COUNT(*) FROM "{Participant._meta.db_table}"').fetchone()  # noqa: S608 - model table names
        restored_audit = copy.execute(f'SELECT COUNT(*) FROM "{AuditEvent._meta.db_table}"').fetchone()  # noqa: S608 - model table names
    restored_participants_n = restored_participants[0] if restored_participants else -1
    restored_audit_n = restored_audit[0] if restored_audit else -1
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    return {
        "ok": restored.returncode == 0
        and verified.returncode == 0
        and restored_participants_n == participants
        and audit_before_load <= restored_audit_n <= audit_at_end,
        "restore_seconds": restore_seconds,
        "restore_output": restored.stdout.strip().splitlines()[:2] + restored.stderr.strip().splitlines()[-2:],
        "audit_verify": (verified.stdout + verified.stderr).strip(),
        "participants": {"source": participants, "restored": restored_participants_n},
        "audit_events": {"before_load": audit_before_load, "restored": restored_audit_n, "at_end": audit_at_end},
    }


# Reporting


def print_load(report: dict[str, Any]) -> None:
    print(
        f"\nLoad: {report['requests']} requests in {report['seconds']} s = {report['requests_per_second']} req/s, "
        f"{report['errors']} errors {report['error_kinds'] or ''}"
        "(machine load average {:.1f} before, {:.1f} after)".format(*report["load_average_1min"])
    )
    print(f"  {'page':<22}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    rows = [*report["pages"].items(), ("ALL", report)]
    for page, row in rows:
        print(
            f"  {page:<22}{row['requests']:>9}{row['errors']:>8}"
            f"{row['p50_ms']:>9}{row['p95_ms']:>9}{row['p99_ms']:>9}{row['max_ms']:>9}"
        )


def print_durability(result: dict[str, Any], timing: dict[str, Any]) -> None:
    print(
        f"\nDurability: kill -9 of gunicorn (master and workers) after {timing['acknowledged_when_killed']} "
        f"acknowledged writes ({timing['killed_after_seconds']} s); restarted in {timing['restart_seconds']} s"
    )
    for key in (
        "acknowledged",
        "present",
        "lost",
        "duplicated",
        "in_flight_at_kill",
        "in_flight_present",
        "in_flight_absent",
        "refused_while_down",
        "unexpected_rows",
        "audit_chain",
    ):
        print(f"  {key:<22}{result[key]}")
    if timing.get("two_servers"):
        print(
            f"  {'other server took':<22}{result['acknowledged_by_other_server_while_down']} writes while it was down"
        )
    if result["rejected"]:
        print(f"  rejected writes: {result['rejected']}")
    latency = result["write_latency"]
    print(f"  write latency         p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms, p99 {latency['p99_ms']} ms")


def save_results(path: Path, database: str, results: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    existing: dict[str, Any] = {}
    if path.exists():
        try:
            existing = json.loads(path.read_text())
        except ValueError:
            existing = {}
    existing[database] = results
    path.write_text(json.dumps(existing, indent=2) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent signed-in clients (default 50)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--writes", type=int, default=1000, help="acknowledged writes to reach (default 1000)")
    parser.add_argument("--writers", type=int, default=4, help="concurrent writer threads (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--people", type=int, default=900, help="participants in the synthetic service")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random, printed)")
    parser.add_argument("--timeout", type=float, default=30, help="client timeout per request in seconds")
    parser.add_argument("--output", type=Path, default=PROJECT_DIR / "bench" / "soak-results.json")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway data directory")
    parser.add_argument(
        "--two-servers",
        action="store_true",
        help="PostgreSQL only: two gunicorn servers on two ports, clients spread across both (docs/soak.md)",
    )
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    if args.writes < 2:
        parser.error("--writes must be at least 2")

    if importlib.util.find_spec("gunicorn") is None:
        print("soak: gunicorn is not installed in this environment; run `make soak` (it reinstalls)", file=sys.stderr)
        return 2

    var_dir = Path(tempfile.mkdtemp(prefix="ipsgate-soak-"))
    configure_environment(var_dir)
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, connections

    database = connection.vendor
    if args.two_servers and database != "postgresql":
        print(
            f"soak --two-servers: needs PostgreSQL (several servers share one database server); skipped on {database}. "
            "Run it with scripts/with-postgres.sh.",
            flush=True,
        )
        shutil.rmtree(var_dir, ignore_errors=True)
        return 0
    server = Server(port=free_port(), workers=args.workers, log_path=var_dir / "gunicorn.log")
    servers = [server]
    if args.two_servers:
        servers.append(Server(port=free_port(), workers=args.workers, log_path=var_dir / "gunicorn-b.log"))
    ports = [s.port for s in servers]
    rng = random.Random(seed)
    cross: dict[str, Any] = {}
    try:
        print(f"soak on {database} (seed {seed}): setting up {args.people} participants in {var_dir}", flush=True)
        accounts = set_up_service(people=args.people, seed=seed, clients=args.clients)
        from ipsgate.journey.models import SupportContact

        baseline = SupportContact.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        connections.close_all()

        for each in servers:
            each.start()
        where = " and ".join(f"127.0.0.1:{port}" for port in ports)
        print(f"gunicorn: {args.workers} workers on {where}; signing in {len(accounts)} accounts")
        # Each client signs in on its home server (half on each with two servers).
        browsers = [(Browser(ports[i % len(ports)], args.timeout), account) for i, account in enumerate(accounts)]
        sign_in_all(browsers)
        if args.two_servers:
            cross["sessions"] = check_sessions_across(browsers, ports)
            print(f"sessions across servers: {cross['sessions']['checked']} checked, {cross['sessions']['lost']} lost")
            cross["lockout"] = check_lockout_across(ports, timeout=args.timeout)
            print(
                f"lockout across servers: failures per server {cross['lockout']['failures_per_server']} "
                f"(limit {cross['lockout']['limit']}), answers {cross['lockout']['answers']}, right password "
                f"refused on {cross['lockout']['right_password_refused_on']} of {len(ports)} servers",
                flush=True,
            )
            from ipsgate.core.models import AuditEvent

            audit_before_load = AuditEvent.objects.count()
            connections.close_all()
            backup = BackupDuringLoad(var_dir / "backups", delay=args.duration / 2)
            backup.start()

        spread = " spread across both servers, no sticky sessions" if args.two_servers else ""
        print(f"load: {args.clients} clients for {args.duration:g} s{spread}", flush=True)
        load_before = os.getloadavg()[0]
        samples, elapsed = run_load(
            browsers, duration=args.duration, seed=seed, ports=ports if args.two_servers else None
        )
        load = {**load_report(samples, elapsed), "load_average_1min": [load_before, os.getloadavg()[0]]}
        print_load(load)
        if args.two_servers:
            cross["backup_during_load"] = backup.wait()
            print(f"backup during load: {cross['backup_during_load']}")

        kill_after = rng.randint(int(args.writes * 0.3), int(args.writes * 0.7))
        writers = [pair for pair in browsers if pair[1].role == "specialist"][: args.writers]
        killed = f" of the server on {server.port} while the other keeps serving" if args.two_servers else ""
        print(
            f"\ndurability: {args.writers} writers, {args.writes} writes, kill -9{killed} after {kill_after}",
            flush=True,
        )
        log, timing = run_durability(servers, writers, writes=args.writes, kill_after=kill_after)
        for each in servers:
            each.stop()
        durability = {**verify_writes(log, baseline), **timing, "kill_after": kill_after}
        print_durability(durability, timing)
        if args.two_servers:
            cross["restore"] = verify_backup_restores(cross["backup_during_load"], audit_before_load=audit_before_load)
            print(f"\nrestore of the backup taken under load into a scratch database: {cross['restore']}")
        server_errors = [line for each in servers for line in scan_server_log(each.log_path)]
    except SetUpError as error:
        print(f"soak: {error}", file=sys.stderr)
        for each in servers:
            print_log_tail(each.log_path)
        return 2
    finally:
        for each in servers:
            each.stop()
        if not args.keep:
            shutil.rmtree(var_dir, ignore_errors=True)

    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "settings": settings.SETTINGS_MODULE,
        "server": f"{len(servers)} x gunicorn {args.workers} sync workers",
        "seed": seed,
        "clients": args.clients,
        "people": args.people,
        "load": load,
        "durability": durability,
        "server_log_errors": server_errors,
        **({"two_servers": cross} if args.two_servers else {}),
    }
    save_results(args.output, f"{database}-two-servers" if args.two_servers else database, results)
    print(f"\nserver log: {len(server_errors)} error lines; results in {args.output}")
    for line in server_errors[:10]:
        print(f"  {line}")
    failed = (
        load["errors"] > 0
        or durability["lost"] > 0
        or durability["duplicated"] > 0
        or durability["unexpected_rows"] > 0
        or durability["acknowledged"] < args.writes
        or bool(durability["rejected"])
        or not durability["audit_ok"]
        or (
            args.two_servers
            and (
                cross["sessions"]["lost"] > 0
                or not cross["lockout"]["ok"]
                or durability["acknowledged_by_other_server_while_down"] == 0
                or not cross["restore"]["ok"]
            )
        )
    )
    print(f"\nsoak on {database}: {'FAILED' if failed else 'passed'}")
    return 1 if failed else 0


def sign_in_all(browsers: list[tuple[Browser, Account]]) -> None:
    """Sign everyone in, a few at a time (password hashing is slow by design)."""
    failures: list[str] = []
    queue = list(browsers)
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                if not queue:
                    return
                browser, account = queue.pop()
            try:
                browser.sign_in(account)
            except (SetUpError, OSError, http.client.HTTPException) as error:
                with lock:
                    failures.append(f"{account.username}: {error}")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SetUpError("sign-in failed: " + "; ".join(failures[:5]))


def scan_server_log(path: Path) -> list[str]:
    """Lines where gunicorn or Django reported a problem (a worker timeout, a traceback, a 500)."""
    if not path.exists():
        return []
    markers = ("Traceback", "[ERROR]", "[CRITICAL]", "Internal Server Error", "WORKER TIMEOUT")
    return [line for line in path.read_text(errors="replace").splitlines() if any(m in line for m in markers)]


def print_log_tail(path: Path) -> None:
    if path.exists():
        print("".join(path.read_text(errors="replace").splitlines(keepends=True)[-30:]), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
