"""Kill the service in the middle of a burst of confirmations, and let WeChat's retries alone finish the work.

    PYTHONPATH=. python faults/crash_confirm.py [--trials 20] [--citizens 50] [--databases sqlite,postgres]

Each trial: --citizens followers each have an application form open at its summary (the 确认 step) and all
send 确认 at the same moment; 0.05–0.6 s into the burst `gongkai serve` is killed with SIGKILL and started
again at once. WeChat is emulated as it behaves: a message is delivered with the same MsgId up to 3 times,
5 s apart, until a delivery is answered within 5 s (a refused connection uses up a delivery, as it does for
WeChat); nothing is sent again by hand. Printed per database: confirmations sent; told (the tracking
number in a reply, or in a late answer queued as a customer-service message); stored (the citizen has an
application); lost (none); doubled (more than one); told but not stored. Required: lost = doubled =
told-not-stored = 0. The databases are made here (PostgreSQL on --pg) and dropped after;
tests/test_crash.py runs the same with fewer trials.
"""

import argparse
import asyncio
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import aiohttp
import asyncpg
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bot.bootstrap import bootstrap  # noqa: E402
from bot.wechat_sim import WeChatSigner, text_xml  # noqa: E402
from config.settings import load_settings  # noqa: E402
from handlers.chat import inbox  # noqa: E402
from storage.crypto import PersonalDataCipher  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Applicant, Application  # noqa: E402
from storage.models_chat import Dialogue, OutboxMessage  # noqa: E402

TOKEN = "faults-token"
DELIVERIES, APART = 3, 5.0  # WeChat: the first delivery and two retries, each given 5 s
LATE_WAIT = 20.0  # for late answers: a lease (5 s) runs out, then the scheduler's sweep answers
NUMBER = re.compile(r"受理编号：(\d+)")
FORM = {"category": "natural_person", "name": "张三", "request": "2023年本市公交线路调整的批复文件",
        "id_type": "resident_id", "form": "电子文档", "delivery": "电子邮件"}


@dataclass
class Figures:
    trials: int = 0
    sent: int = 0
    told: int = 0
    stored: int = 0
    lost: int = 0
    doubled: int = 0
    told_not_stored: int = 0
    told_late: int = 0  # of the told: by a late customer-service message
    apologies: int = 0  # replies that were the apology (nothing done)
    restart_max: float = 0.0  # the longest a killed service took to serve again, seconds

    def add(self, other: "Figures") -> None:
        for name, value in asdict(other).items():
            if name != "restart_max":
                setattr(self, name, getattr(self, name) + value)

    def line(self, name: str) -> str:
        figures = {k: (f"{v:.1f}s" if isinstance(v, float) else v) for k, v in asdict(self).items()}
        return f"{name:9} " + "  ".join(f"{k.replace('_', '-')} {v}" for k, v in figures.items())


class Service:
    """`gongkai serve` in a subprocess on one port; after a kill, a standby started ahead takes over
    (faults/standby.py: its imports and dictionary are loaded before, its start runs after the kill)."""

    def __init__(self, env: dict, port: int, log: Path):
        self.env, self.port, self.log, self.warm = env, port, log, log.with_name("standby-warm")
        self.proc = self.standby = None
        self.restarts: list[float] = []  # seconds from a kill to serving again

    def _spawn(self) -> subprocess.Popen:
        self.warm.unlink(missing_ok=True)
        with self.log.open("a") as out:
            return subprocess.Popen([sys.executable, str(ROOT / "faults" / "standby.py"), str(self.warm),
                                     "--port", str(self.port)], env=self.env, cwd=ROOT, stdin=subprocess.PIPE,
                                    stdout=out, stderr=subprocess.STDOUT)

    async def standing_by(self, seconds: float = 120) -> None:
        """Until the standby has loaded what it loads ahead."""
        for _ in range(int(seconds / 0.05)):
            if self.warm.exists():
                return
            await asyncio.sleep(0.05)
        raise RuntimeError(f"the standby did not warm up; see {self.log}")

    def _promote(self) -> None:
        self.proc, self.standby = self.standby or self._spawn(), None
        self.proc.stdin.write(b"go\n")
        self.proc.stdin.flush()

    async def start(self) -> None:
        self._promote()
        await self.ready()
        self.standby = self._spawn()

    async def kill_and_restart(self) -> None:
        """SIGKILL, the standby started at once; returns when it serves (and a new standby waits)."""
        killed = time.monotonic()
        self.proc.kill()
        self.proc.wait()
        self._promote()
        await self.ready()
        self.restarts.append(time.monotonic() - killed)
        self.standby = self._spawn()

    async def ready(self, seconds: float = 60) -> None:
        async with aiohttp.ClientSession() as session:
            for _ in range(int(seconds / 0.05)):
                try:
                    async with session.get(f"http://127.0.0.1:{self.port}/healthz") as resp:
                        if resp.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)
        raise RuntimeError(f"the service did not start; see {self.log}")

    def stop(self) -> None:
        for proc in (self.proc, self.standby):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)


async def seed(container, openids: list[str]) -> None:
    """Each follower's form, filled in and waiting at its summary for 确认."""
    the_agency = await inbox.agency_id(container, container.default_agency)
    secret = {"id_number": container.cipher.encrypt("11010519491231002X"),
              "phone": container.cipher.encrypt("13800138000"),
              "email": container.cipher.encrypt("zhangsan@example.com")}
    async with container.uow() as uow:
        uow.session.add_all(Dialogue(agency_id=the_agency, openid=o, flow="apply", step="confirm",
                                     data={**FORM, **secret}, updated_at=container.now()) for o in openids)
        await uow.commit()


async def wechat(session: aiohttp.ClientSession, url: str, signer: WeChatSigner, xml: str) -> str | None:
    """One message as WeChat delivers it; the reply text, or None when no delivery was answered."""
    loop = asyncio.get_running_loop()
    for _ in range(DELIVERIES):
        started = loop.time()
        query, body = signer.request(xml)
        try:
            async with session.post(url, params=query, data=body, timeout=aiohttp.ClientTimeout(total=APART)) as resp:
                if resp.status == 200:
                    return signer.open_reply(await resp.text())
        except (aiohttp.ClientError, TimeoutError):
            pass
        await asyncio.sleep(max(0.0, started + APART - loop.time()))
    return None


async def outcome(container, openids: list[str]) -> tuple[dict, dict]:
    """Each follower's stored application numbers, and the late answers queued for them."""
    async with container.uow() as uow:
        stored = (await uow.session.execute(
            select(Applicant.openid, Application.number).join(Application, Application.applicant_id == Applicant.id)
            .where(Applicant.openid.in_(openids)))).all()
        late = (await uow.session.execute(
            select(OutboxMessage.recipient, OutboxMessage.payload)
            .where(OutboxMessage.kind == inbox.LATE_KIND, OutboxMessage.recipient.in_(openids)))).all()
    numbers, texts = {o: [] for o in openids}, {o: [] for o in openids}
    for openid, number in stored:
        numbers[openid].append(number)
    for openid, payload in late:
        texts[openid].append(payload["text"])
    return numbers, texts


async def count(container, openids: list[str], replies: list[str | None]) -> Figures:
    """Waits for late answers a while, then counts."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + LATE_WAIT
    while True:
        numbers, texts = await outcome(container, openids)
        unanswered = [o for o, r in zip(openids, replies, strict=True) if not NUMBER.search(r or "")
                      and not any(NUMBER.search(t) for t in texts[o])]
        if not unanswered or loop.time() > deadline:
            break
        await asyncio.sleep(0.5)
    figures = Figures(trials=1, sent=len(openids))
    for openid, reply in zip(openids, replies, strict=True):
        told = NUMBER.findall(reply or "")
        late = [n for t in texts[openid] for n in NUMBER.findall(t)]
        stored = numbers[openid]
        figures.told += bool(told or late)
        figures.told_late += bool(late and not told)
        figures.stored += bool(stored)
        figures.lost += not stored
        figures.doubled += len(stored) > 1
        figures.told_not_stored += any(n not in stored for n in told + late)
        figures.apologies += reply is not None and reply.startswith("抱歉")
    return figures


async def trial(n: int, service: Service, container, citizens: int, rng: random.Random) -> Figures:
    openids = [f"o-crash-{n}-{i}" for i in range(citizens)]
    await seed(container, openids)
    await service.standing_by()
    signer, url = WeChatSigner(TOKEN), f"http://127.0.0.1:{service.port}/wechat"

    async def kill_and_restart() -> None:
        await asyncio.sleep(rng.uniform(0.05, 0.6))
        await service.kill_and_restart()

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        *replies, _ = await asyncio.gather(*(wechat(session, url, signer, text_xml(o, "确认")) for o in openids),
                                           kill_and_restart())
    return await count(container, openids, replies)


def environment(database_url: str, data_dir: str, secret_key: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(GONGKAI_DATABASE_URL=database_url, GONGKAI_DATA_DIR=data_dir, GONGKAI_SECRET_KEY=secret_key,
               GONGKAI_WECHAT_TOKEN=TOKEN, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def run(database_url: str, trials: int, citizens: int = 50, seed_value: int | None = None,
              progress=None) -> Figures:
    """The trials against a migrated database; the service's log goes beside a temporary data folder."""
    rng = random.Random(seed_value)
    data_dir = tempfile.mkdtemp(prefix="gongkai-faults-")
    env = environment(database_url, data_dir, PersonalDataCipher.generate_key())
    container = await bootstrap(load_settings(env))
    service = Service(env, free_port(), Path(data_dir) / "service.log")
    total = Figures()
    try:
        await service.start()
        for n in range(trials):
            figures = await trial(n, service, container, citizens, rng)
            total.add(figures)
            if progress:
                progress(figures)
    finally:
        service.stop()
        await container.close()
    total.restart_max = max(service.restarts, default=0.0)
    return total


async def migrated(url: str) -> None:
    engine = make_engine(url)
    await upgrade(engine)
    await engine.dispose()


async def main(args) -> None:
    for name in args.databases.split(","):
        if name == "sqlite":
            url = f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='gongkai-faults-db-')}/gongkai.db"
        else:
            db = f"gongkai_faults_{uuid.uuid4().hex[:8]}"
            admin = await asyncpg.connect(args.pg)
            await admin.execute(f'CREATE DATABASE "{db}"')
            url = "postgresql+asyncpg://" + args.pg.split("://", 1)[1].rsplit("/", 1)[0] + f"/{db}"
        await migrated(url)
        try:
            figures = await run(url, args.trials, args.citizens, args.seed,
                                progress=lambda f, name=name: print(f.line(name + " ·"), flush=True))
            print(figures.line(name), flush=True)
        finally:
            if name != "sqlite":
                await admin.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
                await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--citizens", type=int, default=50)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--seed", type=int, help="for the kill instants")
    asyncio.run(main(parser.parse_args()))
