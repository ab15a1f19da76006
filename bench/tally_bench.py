"""Time the annual-report tally on 1,000,000 applications (5 years, one agency), SQLite and PostgreSQL.

    PYTHONPATH=. python bench/tally_bench.py [--rows 1000000] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Rows are bulk-loaded (sqlite3 executemany, PostgreSQL COPY), not through the service layer, into a
freshly migrated scratch database of each kind (deleted afterwards). For every year it prints the
time (best of 3) of storage.tally.tally (grouped SQL, the code the service runs) and of the same table 三 counted
by a per-row Python loop over the same rows streamed from the database, checks that both agree, and
the speed-up. Target: under 2 s per year on both databases and at least 10× faster than the loop.
"""

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import asyncpg
from sqlalchemy import select

from disclosure.outcomes import Outcome
from disclosure.report.templates import empty_report, outcome_row, template_for_year
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.models import Agency, Application
from storage.tally import open_during, tally

YEARS = range(2021, 2026)
TODAY = date(2026, 3, 1)
CATEGORIES = {"natural_person": 70, "commercial": 14, "research": 2, "social_welfare": 3, "legal_service": 6,
              "other_org": 5}
COMMON = {"granted": 40, "partially_granted": 12, "unavailable_not_held": 18, "rejected_duplicate": 5,
          "withheld_third_party": 4, "other_other": 6, "other_no_correction": 3}
OUTCOMES = {o.value: COMMON.get(o.value, 1) for o in Outcome}
COLUMNS = ("agency_id", "number", "applicant_id", "category", "channel", "request_text", "state", "outcome",
           "received_on", "due_on", "correction_notice_due", "closed_on", "warnings", "version")
CHUNK = 50_000


def generate(n: int, seed: int = 2019):
    """Chunks of application rows: receipts spread evenly over the years, most closed within 60 days, some open."""
    rng = random.Random(seed)
    first, days = date(YEARS[0], 1, 1), (date(YEARS[-1], 12, 31) - date(YEARS[0], 1, 1)).days + 1
    for lo in range(0, n, CHUNK):
        size = min(CHUNK, n - lo)
        cats = rng.choices(list(CATEGORIES), list(CATEGORIES.values()), k=size)
        outs = rng.choices(list(OUTCOMES), list(OUTCOMES.values()), k=size)
        rows = []
        for i in range(size):
            # registered as they arrive: row order follows the day of receipt, as in a real register
            received = first + timedelta(days=min(days - 1, (lo + i) * days // n + rng.randint(0, 2)))
            closed = received + timedelta(days=rng.randint(1, 60))
            still_open = closed >= TODAY or rng.random() < 0.003  # a few forgotten ones stay open for years
            state = "processing" if still_open else "withdrawn" if outs[i] == "other_other" else "closed"
            rows.append((1, f"B{lo + i:09d}", 1, cats[i], "online", "某项目批复文件", state,
                         None if still_open else outs[i], received, received + timedelta(days=28),
                         received + timedelta(days=9), None if still_open else closed, "[]", 1))
        yield rows


async def migrated(url: str):
    engine = make_engine(url)
    await upgrade(engine)
    return engine


def load_sqlite(path: Path, n: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO agencies (id, code, name) VALUES (1, 'bench', '基准测试机关')")
    conn.execute("INSERT INTO applicants (id, agency_id, category, name) VALUES (1, 1, 'natural_person', '测试')")
    sql = f"INSERT INTO applications ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    for rows in generate(n):
        conn.executemany(sql, [r[:8] + tuple(d.isoformat() if d else None for d in r[8:12]) + r[12:]
                               for r in rows])
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


async def load_postgres(url: str, n: int) -> None:
    conn = await asyncpg.connect(url)
    await conn.execute("INSERT INTO agencies (id, code, name) VALUES (1, 'bench', '基准测试机关')")
    await conn.execute("INSERT INTO applicants (id, agency_id, category, name) VALUES (1, 1, 'natural_person', '测试')")
    for rows in generate(n):
        await conn.copy_records_to_table("applications", records=rows, columns=COLUMNS)
    await conn.execute("ANALYZE")
    await conn.close()


async def loop_section3(session, year: int) -> dict:
    """Table 三 the slow way: stream the year's rows and count each one in Python."""
    template = template_for_year(year)
    start, end = date(year, 1, 1), min(date(year, 12, 31), TODAY)
    table = empty_report(year, template=template)["section3"]
    query = select(Application.category, Application.outcome, Application.received_on, Application.closed_on)
    result = await session.stream(query.where(open_during(1, start, end)).execution_options(yield_per=10_000))
    async for category, outcome, received, closed in result:
        table["new_received" if received >= start else "carried_over"][category] += 1
        if closed is not None and closed <= end:
            table[outcome_row(Outcome(outcome), template)][category] += 1
            table["total_processed"][category] += 1
        else:
            table["carried_forward"][category] += 1
    for row in table.values():
        row["total"] = sum(v for k, v in row.items() if k != "total")
    return table


async def timed(make, repeat: int = 3):
    """The value and the best of `repeat` timings: the least disturbed by whatever else the machine runs."""
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        value = await make()
        best = min(best, time.perf_counter() - began)
    return value, best


async def measure(name: str, engine) -> list[tuple[int, float, float]]:
    sessions = make_sessionmaker(engine)
    figures = []
    async with sessions() as session:
        agency = await session.get(Agency, 1)
        await tally(session, agency, YEARS[0], template_for_year(YEARS[0]), TODAY)  # warm the cache once
        for year in YEARS:
            report, sql_s = await timed(lambda y=year: tally(session, agency, y, template_for_year(y), TODAY))
            counted, loop_s = await timed(lambda y=year: loop_section3(session, y))
            assert counted == report["section3"], f"{name} {year}: loop and SQL disagree"
            assert all(c["ok"] for c in report["checks"]), f"{name} {year}: a cross-check fails"
            received = report["section3"]["new_received"]["total"]
            print(f"{name:10} {year}  新收 {received:>7}  SQL {sql_s:6.3f} s   Python loop {loop_s:6.3f} s   "
                  f"×{loop_s / sql_s:5.1f}")
            figures.append((year, sql_s, loop_s))
    await engine.dispose()
    return figures


async def main(rows: int, pg_admin: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        engine = await migrated(f"sqlite+aiosqlite:///{path}")
        began = time.perf_counter()
        load_sqlite(path, rows)
        print(f"SQLite: loaded {rows:,} applications in {time.perf_counter() - began:.1f} s")
        sqlite_figures = await measure("SQLite", engine)

    name = f"gongkai_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(pg_admin)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = pg_admin.rsplit("/", 1)[0] + "/" + name
    try:
        engine = await migrated(url)
        began = time.perf_counter()
        await load_postgres(url, rows)
        print(f"PostgreSQL: loaded {rows:,} applications in {time.perf_counter() - began:.1f} s")
        pg_figures = await measure("PostgreSQL", engine)
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()
    for name, figures in (("SQLite", sqlite_figures), ("PostgreSQL", pg_figures)):
        worst = max(s for _, s, _ in figures)
        least = min(loop / s for _, s, loop in figures)
        verdict = "meets" if worst < 2 and least >= 10 else "MISSES"
        print(f"{name}: slowest year {worst:.3f} s, smallest speed-up ×{least:.1f} — {verdict} the target")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres", help="admin URL")
    args = parser.parse_args()
    asyncio.run(main(args.rows, args.pg))
