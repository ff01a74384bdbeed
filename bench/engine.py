"""One database engine's benchmarks: generate the small and national datasets, then measure both in this process,
switching the connection between them so every measurement alternates small, national, small, national... and
the machine's load drifts equally over both."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SEED = 1
SIZES = ("small", "national")


def dataset_options(people: int) -> list[str]:
    """The national shape, scaled to the number of people: 24 support contacts per supported person on average
    (2M at 100k), one employer per 5 people and 2 vacancies per person (20k and 200k at 100k)."""
    return [
        "--people", str(people), "--seed", str(SEED), "--no-progress",
        "--contacts-per-person", "24", "--employers", str(people // 5), "--vacancies", str(people * 2),
    ]  # fmt: skip


def database_urls(engine: str) -> dict[str, str]:
    if engine == "sqlite":
        var = Path(os.environ["IPSGATE_VAR_DIR"])
        return {size: f"sqlite:///{var / size}.sqlite3" for size in SIZES}
    import psycopg

    base = os.environ["DATABASE_URL"]
    with psycopg.connect(base, autocommit=True) as conn:
        for size in SIZES:
            conn.execute(f"DROP DATABASE IF EXISTS bench_{size}")
            conn.execute(f"CREATE DATABASE bench_{size}")
    parts = urlsplit(base)
    return {size: urlunsplit(parts._replace(path=f"/bench_{size}")) for size in SIZES}


def generate(url: str, people: int) -> float:
    """Migrate, then generate; returns the wall time of the `ipsgate generate` command alone."""
    env = {**os.environ, "DATABASE_URL": url}
    # A throwaway database under the benchmark's settings (DEBUG off, no HTTPS): the pre-flight's deployment checks
    # and backup reminder are for a real service's database.
    migrate = [sys.executable, "-m", "ipsgate", "migrate", "--skip-preflight", "-v0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "ipsgate", "generate", *dataset_options(people)], cwd=ROOT, env=env, check=True
    )
    return time.perf_counter() - started


def run_engine(engine: str, *, small: int, national: int, repeats: int) -> dict[str, Any]:
    urls = database_urls(engine)
    people = {"small": small, "national": national}
    seconds = {}
    for size in SIZES:
        print(f"-- {engine}: generating the {size} dataset ({people[size]:,} participants)", flush=True)
        seconds[size] = generate(urls[size], people[size])
        print(f"   took {seconds[size]:.1f} s", flush=True)

    os.environ["DATABASE_URL"] = urls["small"]
    import django

    django.setup()
    from bench import measure

    switch = measure.DatabaseSwitch({size: urls[size] for size in SIZES})
    results: dict[str, Any] = {"generate": {}}
    for size in SIZES:
        switch.use(size)
        results["generate"][size] = {"seconds": round(seconds[size], 2), "rows": measure.row_counts()}
    print(f"-- {engine}: measuring ({repeats} repetitions each)", flush=True)
    results.update(measure.measure_all(switch, repeats=repeats))
    from bench.imports import ROWS, measure_import

    print(f"-- {engine}: importing {ROWS:,} caseload rows (preview and import, then the bulk path)", flush=True)
    switch.use("small")
    results["import"] = measure_import(ROWS)
    return results


@dataclass
class Timing:
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def interleaved(
    sizes: tuple[str, ...], use: Callable[[str], None], run: Callable[[str], object], repeats: int
) -> dict[str, Timing]:
    """Times `run(size)` `repeats` times per size, alternating sizes, after one untimed warm-up each."""
    timings: dict[str, Timing] = {size: Timing([]) for size in sizes}
    for size in sizes:
        use(size)
        run(size)
    for _ in range(repeats):
        for size in sizes:
            use(size)
            started = time.perf_counter()
            run(size)
            timings[size].samples.append(time.perf_counter() - started)
    return timings
