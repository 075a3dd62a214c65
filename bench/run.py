"""Run Confide's benchmarks and write bench/RESULTS.md.

    python -m bench.run [--clients 5000] [--only scoring,...]

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


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=5000, help="size of the base practice")
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
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
        "pages": pages.run,
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
        RESULTS,
        database=os.environ["DATABASE_URL"].split("://")[0],
        size=f"{args.clients} clients",
        notes=[],
    )
    print(text)
    return 0 if all(r.met for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
