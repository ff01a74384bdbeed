"""`python -m bench` (what `make bench` runs): every benchmark on SQLite, then on a throwaway PostgreSQL cluster.

Each database runs in its own process (`python -m bench --engine sqlite|postgresql`, the PostgreSQL one inside
`scripts/with-postgres.sh`); this process gathers their results into bench/results.json, prints one table and
exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
TARGETS = {
    "page_ratio": 1.3,  # each page: time at the national size ÷ time at the small size
    "dashboard_ratio": 2.0,  # ipsgate's figures ÷ one hand-written SQL aggregate
    "matching_ratio": 2.0,  # ipsgate's matching ÷ a raw indexed SQL filter
    "generate_seconds": 60.0,  # generating the national dataset
    "import_ratio": 5.0,  # a 10,000-row caseload previewed and imported ÷ the generator's bulk insert of it
    "import_seconds": 30.0,  # the whole import of those rows (preview and import)
}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), help="Run one database only (internal).")
    parser.add_argument("--out", type=Path, help="Where --engine writes its results (internal).")
    parser.add_argument("--engines", default="sqlite,postgresql", help="Comma-separated databases to run.")
    parser.add_argument("--small", type=int, default=1_000, help="Participants in the small dataset.")
    parser.add_argument("--national", type=int, default=100_000, help="Participants in the national dataset.")
    parser.add_argument("--repeats", type=int, default=15, help="Timed repetitions of each measurement.")
    args = parser.parse_args()
    if args.engine:
        from bench.engine import run_engine

        results = run_engine(args.engine, small=args.small, national=args.national, repeats=args.repeats)
        args.out.write_text(json.dumps(results, indent=2))
        return 0
    return orchestrate(args)


def orchestrate(args: argparse.Namespace) -> int:
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    results: dict[str, Any] = {
        "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "sizes": {"small": args.small, "national": args.national},
        "repeats": args.repeats,
        "targets": TARGETS,
        "engines": {},
    }
    for engine in engines:
        with tempfile.TemporaryDirectory(prefix=f"ipsgate-bench-{engine}-") as tmp:
            out = Path(tmp) / "results.json"
            command = [sys.executable, "-m", "bench", "--engine", engine, "--out", str(out)]
            command += ["--small", str(args.small), "--national", str(args.national), "--repeats", str(args.repeats)]
            if engine == "postgresql":
                command = [str(ROOT / "scripts" / "with-postgres.sh"), *command]
            env = {**os.environ, "IPSGATE_VAR_DIR": tmp, "DJANGO_SETTINGS_MODULE": "bench.settings"}
            if engine == "sqlite":
                env.pop("DATABASE_URL", None)
            print(f"\n== {engine}: generating {args.small:,} and {args.national:,} participants, then measuring")
            subprocess.run(command, cwd=ROOT, env=env, check=True)
            results["engines"][engine] = json.loads(out.read_text())
    missed = check_targets(results)
    results["missed"] = missed
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)
    print(f"\nResults written to {RESULTS.relative_to(ROOT)}.")
    if missed:
        print("Missed targets:\n  " + "\n  ".join(missed))
        return 1
    print("Every target met.")
    return 0


def check_targets(results: dict[str, Any]) -> list[str]:
    missed = []
    for engine, r in results["engines"].items():
        for page, m in r["pages"].items():
            if m["ratio"] > TARGETS["page_ratio"]:
                missed.append(f"{engine}: {page} page ratio {m['ratio']:.2f} > {TARGETS['page_ratio']}")
        for name in ("dashboard", "matching"):
            if r[name]["ratio"] > TARGETS[f"{name}_ratio"]:
                missed.append(f"{engine}: {name} ratio {r[name]['ratio']:.2f} > {TARGETS[f'{name}_ratio']}")
        imported = r.get("import")
        if imported:
            if imported["ratio"] > TARGETS["import_ratio"]:
                missed.append(f"{engine}: import ratio {imported['ratio']:.1f} > {TARGETS['import_ratio']}")
            if imported["total_s"] > TARGETS["import_seconds"]:
                missed.append(f"{engine}: importing {imported['rows']:,} rows took {imported['total_s']:.1f} s > 30 s")
        seconds = r["generate"]["national"]["seconds"]
        if seconds > TARGETS["generate_seconds"]:
            missed.append(f"{engine}: generating the national dataset took {seconds:.1f} s > 60 s")
    return missed


def print_table(results: dict[str, Any]) -> None:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:8.1f} ms"

    for engine, r in results["engines"].items():
        sizes = r["generate"]
        print(f"\n{engine.upper()}  (medians of {results['repeats']} runs, interleaved between the two databases)")
        for size, g in sizes.items():
            counts = ", ".join(f"{v:,} {k}" for k, v in g["rows"].items())
            print(f"  generate {size:<8} {g['seconds']:7.1f} s   {counts}")
        print(f"  {'page':<16}{'small':>11}{'national':>12}{'ratio':>8}  queries (small/national)")
        for page, m in r["pages"].items():
            ok = "ok " if m["ratio"] <= TARGETS["page_ratio"] else "MISS"
            print(
                f"  {page:<16}{ms(m['small_s'])}{ms(m['national_s'])}{m['ratio']:7.2f} {ok}"
                f" {m['queries_small']}/{m['queries_national']}"
            )
        for name in ("dashboard", "matching"):
            m = r[name]
            ok = "ok" if m["ratio"] <= TARGETS[f"{name}_ratio"] else "MISS"
            print(
                f"  {name:<16}ipsgate {ms(m['ipsgate_s'])}  raw SQL {ms(m['raw_sql_s'])}  ratio {m['ratio']:.2f} {ok}"
                f"  ({m['what']})"
            )
        imported = r.get("import")
        if imported:
            ok = "ok" if imported["ratio"] <= TARGETS["import_ratio"] else "MISS"
            print(
                f"  {'import':<16}{imported['rows']:,} caseload rows: preview {imported['preview_s']:.1f} s, import "
                f"{imported['import_s']:.1f} s, total {imported['total_s']:.1f} s; generator's bulk path "
                f"{imported['bulk_s']:.2f} s; ratio {imported['ratio']:.1f} {ok}"
            )
            if "bulk_same_records_s" in imported:  # results saved before this figure existed have none
                print(
                    f"  {'':<16}the same records as the import writes (allocations, audit events, timeline) by the "
                    f"bulk path {imported['bulk_same_records_s']:.2f} s; ratio {imported['ratio_same_records']:.1f}"
                )


if __name__ == "__main__":
    sys.exit(main())
