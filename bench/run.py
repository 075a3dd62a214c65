"""Run Confide's benchmarks and write bench/RESULTS.md.

    python -m bench.run [--clients 5000] [--only scoring,...] [--out bench/RESULTS.md]

Uses PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/confide_bench,
created when missing), since that is what production runs on.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/confide_bench"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

NOTES = [
    "## Notes",
    "",
    "- **1. Scoring.** Both paths run on the same gunicorn (4 sync workers, the production",
    "  middleware stack); the client opens a new connection per request, as most API callers",
    "  do. The difference is django-ninja's validation and Confide's scoring engine.",
    "- **2b. Practice outcomes.** Each discharged client's course is stored as one row (with",
    "  the groups it counts in) whenever its questionnaires, diary, formulation or plan change;",
    "  the page sums those rows in one GROUP BY. The rows shown are fixed, and what still grows",
    "  with the data is that sum over one small row per finished course. Counters per group,",
    "  kept on each refresh, would make it flat if a network ever needs that.",
    "- **3a. Bulk export.** Resources are built as dicts already in fhir.resources' canonical",
    "  form; the first 20 of each type and one in 50 after are validated and compared (tests",
    "  check every one), and a mismatch fails the export. The baseline writes one plain row",
    "  per client or assessment, the export about ten resources per assessment.",
    "- **3b. Memory.** Peak resident memory (the kernel's VmHWM) of a process that only",
    "  exports, at a tenth of the size and at the full size. (getrusage's ru_maxrss survives",
    "  exec, so it reported the benchmark parent's size at fork: earlier runs measured that.)",
    "  The default run compares 500 and 5,000 clients;",
    "  `make bench BENCH_ARGS='--clients 50000 --only export --out bench/RESULTS-50k.md'`",
    "  compares 5,000 and 50,000 (about 25 minutes here): see bench/RESULTS-50k.md.",
    "- **4. Booking.** Losers are refused by the exclusion constraint and fail fast, so",
    "  contention costs no throughput; the database is checked for overlaps afterwards.",
]


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _sizes(clients: int, chosen: list[str]) -> str:
    """The practice sizes of the benchmarks that ran, for the results' header."""
    parts = [f"{name} at {clients // 10} and {clients} clients" for name in ("pages", "export")]
    ran = [part for part in parts if part.split()[0] in chosen]
    return (
        f"--clients {clients}: "
        + ", ".join(ran or ["no generated practice"])
        + " (about 17 scored questionnaires per client)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=5000, help="size of the base practice")
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the table")
    args = parser.parse_args(argv)

    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if os.environ["DATABASE_URL"].startswith("postgres"):
        ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from bench import booking, export, pages, scoring
    from bench.report import write

    benchmarks = {
        "scoring": scoring.run,
        "pages": lambda: pages.run(unit=max(5, args.clients // 100)),
        "export": lambda: export.run(args.clients),
        "booking": booking.run,
    }
    chosen = [b for b in args.only.split(",") if b] or list(benchmarks)
    rows = []
    for name in chosen:
        print(f"running {name} ...", flush=True)
        result = benchmarks[name]()
        for row in result if isinstance(result, list) else [result]:
            print(row.line(), flush=True)
            rows.append(row)
    text = write(
        rows,
        args.out,
        database=os.environ["DATABASE_URL"].split("://")[0],
        size=_sizes(args.clients, chosen),
        notes=NOTES,
    )
    print(text)
    return 0 if all(r.met for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
