"""Time the staff console's pages on 1,000,000 applications, SQLite and PostgreSQL: p50 and p95 per page.

    PYTHONPATH=. python bench/console_bench.py [--rows 1000000] [--requests 40] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Rows (applicants, applications, their registration and reply events) are bulk-loaded (sqlite3
executemany, PostgreSQL COPY) into a freshly migrated scratch database of each kind, deleted afterwards.
The pages are then asked for over HTTP, signed in, from the real service (bot.app.create_app on
127.0.0.1): the dashboard, the register with its filters, sorts, deep pages and text searches, and the
pages of random applications. Target: p95 under 300 ms for every page on both databases.
"""

import argparse
import asyncio
import random
import re
import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import asyncpg
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.bootstrap import TZ, bootstrap
from config.settings import load_settings
from handlers.staff import accounts
from handlers.staff.roles import Role
from storage.db import make_engine
from storage.migrate import upgrade

KEY = "k3eI8yH7r0wXbq1pZ2c9vQx0mYt6uVnLsJdKfGhAaBc="
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)
FIRST = date(2021, 1, 1)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌宇浩然梓涵欣怡子轩雨婷晨阳俊杰"
TOPICS = ["公交线路调整", "道路拓宽工程", "出租车经营权", "客运站改造", "货运车辆年审", "交通违法处罚", "桥梁维修",
          "停车场收费标准", "网约车许可", "驾校资质", "公路养护预算", "港口建设", "物流园区规划", "地铁站选址"]
DOCS = ["批复文件", "立项审批文件", "会议纪要", "处罚决定书", "招标文件", "验收报告", "收费依据", "规划图纸"]
CHANNELS = {"online": 30, "wechat": 40, "post": 15, "in_person": 12, "fax": 3}
CATEGORIES = {"natural_person": 70, "commercial": 14, "research": 2, "social_welfare": 3, "legal_service": 6, "other_org": 5}
OUTCOMES = {"granted": 40, "partially_granted": 12, "unavailable_not_held": 18, "rejected_duplicate": 5,
            "withheld_third_party": 4, "other_other": 6}
APP_COLUMNS = ("id", "agency_id", "number", "applicant_id", "category", "channel", "request_text", "state", "outcome",
               "received_on", "due_on", "correction_notice_due", "closed_on", "warnings", "version")
EVENT_COLUMNS = ("application_id", "seq", "action", "occurred_on", "actor", "data")
CHUNK = 50_000


def generate(n: int, seed: int = 11):
    """Chunks of (applicants, applications, events): receipts spread over five years up to NOW, most closed."""
    rng = random.Random(seed)
    span = (NOW.date() - FIRST).days
    for lo in range(0, n, CHUNK):
        people, apps, events = [], [], []
        for i in range(lo, min(n, lo + CHUNK)):
            received = FIRST + timedelta(days=i * span // n)
            category = rng.choices(list(CATEGORIES), list(CATEGORIES.values()))[0]
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
            request = f"{received.year - rng.randint(0, 3)}年{rng.choice(TOPICS)}的{rng.choice(DOCS)}"
            due = received + timedelta(days=28)
            still_open = due >= NOW.date() - timedelta(days=10) or rng.random() < 0.002
            outcome = None if still_open else rng.choices(list(OUTCOMES), list(OUTCOMES.values()))[0]
            state = "processing" if still_open else "withdrawn" if outcome == "other_other" else "closed"
            closed = None if still_open else received + timedelta(days=rng.randint(5, 27))
            people.append((i + 1, 1, category, name))
            apps.append((i + 1, 1, f"{received.year % 100:02d}{i:07d}", i + 1, category,
                         rng.choices(list(CHANNELS), list(CHANNELS.values()))[0], request, state, outcome, received,
                         due, received + timedelta(days=9), closed, "[]", 1))
            events.append((i + 1, 1, "register", received, "staff", "{}"))
            if closed:
                action = "withdraw" if state == "withdrawn" else "close"
                events.append((i + 1, 2, action, closed, "staff", f'{{"outcome": "{outcome}"}}'))
        yield people, apps, events


def _iso(row):
    return tuple(v.isoformat() if isinstance(v, date) else v for v in row)


def load_sqlite(path: Path, n: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO agencies (id, code, name) VALUES (1, 'bench', '基准测试机关')")
    marks = lambda k: ", ".join("?" * k)  # noqa: E731
    for people, apps, events in generate(n):
        conn.executemany(f"INSERT INTO applicants (id, agency_id, category, name) VALUES ({marks(4)})", people)
        conn.executemany(f"INSERT INTO applications ({', '.join(APP_COLUMNS)}) VALUES ({marks(len(APP_COLUMNS))})",
                         [_iso(r) for r in apps])
        conn.executemany(f"INSERT INTO application_events ({', '.join(EVENT_COLUMNS)}) VALUES ({marks(6)})",
                         [_iso(r) for r in events])
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


async def load_postgres(url: str, n: int) -> None:
    conn = await asyncpg.connect(url)
    await conn.execute("INSERT INTO agencies (id, code, name) VALUES (1, 'bench', '基准测试机关')")
    for people, apps, events in generate(n):
        await conn.copy_records_to_table("applicants", records=people, columns=("id", "agency_id", "category", "name"))
        await conn.copy_records_to_table("applications", records=apps, columns=APP_COLUMNS)
        await conn.copy_records_to_table("application_events", records=events, columns=EVENT_COLUMNS)
    # As autovacuum leaves a live database: statistics, and a visibility map for index-only scans.
    await conn.execute("VACUUM ANALYZE")
    await conn.close()


def pages(rng: random.Random, n: int) -> dict[str, list[str]]:
    """Each page name and the paths that stand for it (random applications, names, terms)."""
    def number(i):
        received = FIRST + timedelta(days=i * (NOW.date() - FIRST).days // n)
        return f"{received.year % 100:02d}{i:07d}"
    recent, old = range(int(n * 0.99), n), range(0, int(n * 0.9))
    return {
        "dashboard": ["/console/"],
        "list (default)": ["/console/applications"],
        "list open, by due": ["/console/applications?state=processing&sort=due_asc"],
        "list overdue": ["/console/applications?overdue=1&sort=due_asc"],
        "list channel+received range": ["/console/applications?channel=post&received_from=2023-01-01&received_to=2023-06-30"],
        "list category, page 40": ["/console/applications?category=research&page=40"],
        "list deep page 200": ["/console/applications?page=200"],
        "search a name": [f"/console/applications?q={rng.choice(SURNAMES)}{rng.choice(GIVEN)}" for _ in range(20)],
        "search a rare term": ["/console/applications?q=没有这个词"],
        "application (open)": [f"/console/applications/{number(rng.choice(recent))}" for _ in range(20)],
        "application (closed)": [f"/console/applications/{number(rng.choice(old))}" for _ in range(20)],
    }


async def measure(name: str, url: str, rows: int, requests: int, data_dir: str) -> dict[str, tuple[float, float]]:
    container = await bootstrap(load_settings({"GONGKAI_DATABASE_URL": url, "GONGKAI_SECRET_KEY": KEY,
                                               "GONGKAI_DATA_DIR": data_dir, "GONGKAI_CONFIG": ""}), migrate_embedded=False)
    container.now = lambda: NOW
    container.settings.raw["agency"]["code"] = "bench"
    user = f"bench-{uuid.uuid4().hex[:6]}"  # a kept SQLite file already has earlier runs' users
    await accounts.add_user(container, user, Role.APPROVER, "bench-password-1", "bench")
    client = TestClient(TestServer(create_app(container), host="127.0.0.1"))
    await client.start_server()
    html = await (await client.get("/console/login")).text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    signed = await client.post("/console/login", data={"username": user, "password": "bench-password-1",
                                                       "csrf_token": token})
    assert "退出登录" in await signed.text(), "sign-in failed"
    rng, figures = random.Random(7), {}
    for page, paths in pages(rng, rows).items():
        times = []
        for i in range(requests + 2):
            began = time.perf_counter()
            response = await client.get(paths[i % len(paths)])
            await response.read()
            assert response.status == 200, (page, response.status)
            if i >= 2:  # the first two warm caches
                times.append((time.perf_counter() - began) * 1000)
        p95 = statistics.quantiles(times, n=20)[-1]
        figures[page] = (statistics.median(times), p95)
        print(f"{name:10} {page:30} p50 {figures[page][0]:7.1f} ms   p95 {p95:7.1f} ms", flush=True)
    await client.close()
    await container.close()
    return figures


async def main(rows: int, requests: int, pg_admin: str, only: str | None, keep: str | None) -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(keep) if keep else Path(tmp) / "bench.db"
        url = f"sqlite+aiosqlite:///{path}"
        if only != "postgres":
            loaded = path.exists()
            engine = make_engine(url)
            await upgrade(engine)  # also brings a kept file's indexes up to date
            await engine.dispose()
            if not loaded:
                began = time.perf_counter()
                load_sqlite(path, rows)
                print(f"SQLite: loaded {rows:,} applications in {time.perf_counter() - began:.1f} s", flush=True)
            results["SQLite"] = await measure("SQLite", url, rows, requests, tmp)
        if only == "sqlite":
            return _verdicts(results)

        name = f"gongkai_bench_{uuid.uuid4().hex[:8]}"
        admin = await asyncpg.connect(pg_admin)
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = pg_admin.rsplit("/", 1)[0] + "/" + name
        try:
            engine = make_engine(url)
            await upgrade(engine)
            await engine.dispose()
            began = time.perf_counter()
            await load_postgres(url, rows)
            print(f"PostgreSQL: loaded {rows:,} applications in {time.perf_counter() - began:.1f} s", flush=True)
            results["PostgreSQL"] = await measure("PostgreSQL", url, rows, requests, tmp)
        finally:
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            await admin.close()
    _verdicts(results)


def _verdicts(results: dict) -> None:
    for name, figures in results.items():
        worst = max(p95 for _, p95 in figures.values())
        print(f"{name}: slowest p95 {worst:.1f} ms — {'meets' if worst < 300 else 'MISSES'} the 300 ms target")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres", help="admin URL")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--keep-sqlite", metavar="FILE", help="load into FILE and keep it; reuse it when it exists")
    args = parser.parse_args()
    asyncio.run(main(args.rows, args.requests, args.pg, args.only, args.keep_sqlite))
