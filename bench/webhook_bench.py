"""Load on the WeChat webhook over loopback: gongkai (plaintext, safe mode) vs a bare aiohttp ceiling vs WeRoBot.

    pip install -e '.[bench]' && python bench/webhook_bench.py [--seconds 5] [--rounds 5] [--levels 1,10,50,100] [--workers 1,2]

For each worker count, every server runs with that many processes: `gongkai serve --workers N`, N bare
aiohttp processes sharing the port (SO_REUSEPORT), and WeRoBot under gunicorn with N workers. The load
generator is one process on the same machine. Messages are unique signed text messages (a fresh MsgId
each) asking the labelled guide questions of tests/data/guide_questions.toml in turn, from 997 followers.
gongkai keeps answers to recent questions, so after one round it answers repeats from memory (citizens
do repeat themselves); the "cache off" target is the same service with that cache disabled
(guide.answer_cache = 0), so every message pays for the full guide search. The targets take turns in
short rounds (--seconds split into --rounds), so a drift in the CPU the machine gets touches all alike;
prints the median throughput of the rounds and p50/p99 latency per concurrency level, then a fixed-rate
run at 200 messages/s, then the resident memory (RSS, from /proc) of every process of every server.
"""

import argparse
import asyncio
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.guide_accuracy import labelled  # noqa: E402
from bot.wechat_sim import WeChatSigner, text_xml  # noqa: E402

TOKEN, APPID = "bench-token", "wx0123456789abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
ROOT = Path(__file__).resolve().parents[1]
SETTLE_SECONDS = 0.2  # of each round, before it counts
# Every labelled question, in and out of scope, deduplicated, in file order.
QUESTIONS = list(dict.fromkeys(q for q, _, _ in labelled()))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(kind: str, port: int, data_dir: str, workers: int) -> list[subprocess.Popen]:
    env = dict(os.environ, GONGKAI_DATA_DIR=data_dir, GONGKAI_WECHAT_TOKEN=TOKEN, GONGKAI_WECHAT_APPID=APPID,
               GONGKAI_WECHAT_AES_KEY=AES_KEY, BENCH_TOKEN=TOKEN)
    serve = [sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--workers", str(workers)]
    if kind == "uncached":
        config = Path(data_dir) / "uncached.toml"
        config.write_text("[guide]\nanswer_cache = 0\n", encoding="utf-8")
        env["GONGKAI_CONFIG"] = str(config)
    commands = {
        "gongkai": [serve],
        "uncached": [serve],
        "bare": [[sys.executable, str(ROOT / "bench" / "bare_server.py"), str(port)]] * workers,
        "werobot": [[sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--chdir",
                     str(ROOT / "bench"), "--log-level", "warning", "werobot_app:app"]],
    }[kind]
    if kind in ("gongkai", "uncached"):  # migrated beforehand, as a deployed service finds its database
        subprocess.run([sys.executable, "-m", "bot.cli", "db", "upgrade"], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    return [subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for cmd in commands]


async def wait_ready(session: aiohttp.ClientSession, url: str) -> None:
    for _ in range(200):
        try:
            async with session.get(url) as resp:
                if resp.status < 500:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit(f"server at {url} did not start")


class Load:
    ids = itertools.count(int(time.time()) * 1000)

    def __init__(self, session, url: str, signer: WeChatSigner):
        self.session, self.url, self.signer = session, url, signer

    async def one(self) -> float:
        n = next(self.ids)
        query, body = self.signer.request(text_xml(f"o_bench_{n % 997}", QUESTIONS[n % len(QUESTIONS)], n))
        t0 = time.perf_counter()
        try:
            async with self.session.post(self.url, params=query, data=body) as resp:
                reply = await resp.text()
        except aiohttp.ClientError as err:
            raise RuntimeError(f"{self.url}: {type(err).__name__} {err}") from err
        if resp.status != 200 or not reply:
            raise RuntimeError(f"{self.url}: bad reply {resp.status}: {reply[:200]!r}")
        return time.perf_counter() - t0

    async def closed_loop(self, concurrency: int, seconds: float, settle: float = 0.0) -> tuple[float, list[float]]:
        """Messages per second and latencies over `seconds`, after `settle` seconds at this concurrency
        that count for neither: every connection starting at once is a burst steady load never sees."""
        latencies, start = [], time.perf_counter() + settle
        stop = start + seconds

        async def worker():
            while time.perf_counter() < stop:
                sent = time.perf_counter()
                latency = await self.one()
                if sent >= start:
                    latencies.append(latency)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return len(latencies) / (time.perf_counter() - start), latencies

    async def fixed_rate(self, rate: int, seconds: float) -> list[float]:
        tasks, t0 = [], time.perf_counter()
        for i in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, t0 + i / rate - time.perf_counter()))
            tasks.append(asyncio.ensure_future(self.one()))
        return list(await asyncio.gather(*tasks))


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (gongkai's first process starts the other workers)."""
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo += children.get(found[-1], [])
    return found


def rss_mb(pid: int) -> float:
    """0 for a process gone, or one without memory of its own (a kernel thread)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:")), 0.0)


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[p - 1] * 1000 if len(values) > 1 else values[0] * 1000


async def run(args, workers: int, session) -> dict[str, float]:
    """Every target with `workers` processes each; the best throughput per target."""
    procs, servers = [], {}
    ports = {kind: free_port() for kind in ("gongkai", "uncached", "bare", "werobot")}
    robot = f"WeRoBot (gunicorn, {workers} worker{'s' if workers > 1 else ''})"
    targets = {
        "gongkai plaintext": (ports["gongkai"], WeChatSigner(TOKEN)),
        "gongkai safe mode": (ports["gongkai"], WeChatSigner(TOKEN, APPID, AES_KEY, "safe")),
        "gongkai plaintext, cache off": (ports["uncached"], WeChatSigner(TOKEN)),
        "bare aiohttp": (ports["bare"], WeChatSigner(TOKEN)),
        robot: (ports["werobot"], WeChatSigner(TOKEN)),
    }
    best = {}
    try:
        for kind, port in ports.items():
            servers[kind] = start(kind, port, tempfile.mkdtemp(prefix=f"gongkai-bench-{kind}-"), workers)
            procs += servers[kind]
        for port in ports.values():
            await wait_ready(session, f"http://127.0.0.1:{port}/wechat")
        await asyncio.sleep(2.0 if workers > 1 else 0)  # the other workers load the guide index
        print(f"\n{workers} process{'es' if workers > 1 else ''} per server")
        print(f"{'target':32} {'conc':>5} {'msg/s':>9} {'p50 ms':>8} {'p99 ms':>8}   (median of {args.rounds} rounds)")
        loads = {name: Load(session, f"http://127.0.0.1:{port}/wechat", signer)
                 for name, (port, signer) in targets.items()}
        for load in loads.values():
            await load.closed_loop(4, 1.0)  # warm-up: dictionaries, caches, connections
        for level in [int(x) for x in args.levels.split(",")]:
            # The targets take turns, round after round: a drift in the CPU this machine gets (other
            # tenants, frequency) then touches every target alike instead of whichever ran at the time.
            rounds = {name: ([], []) for name in targets}
            for _ in range(args.rounds):
                for name, load in loads.items():
                    rps, lat = await load.closed_loop(level, args.seconds / args.rounds, SETTLE_SECONDS)
                    rounds[name][0].append(rps)
                    rounds[name][1].extend(lat)
            for name, (rates, lat) in rounds.items():
                rps = statistics.median(rates)
                best[name] = max(best.get(name, 0), rps)
                print(f"{name:32} {level:>5} {rps:>9.0f} {pct(lat, 50):>8.1f} {pct(lat, 99):>8.1f}")
        print(f"fixed rate {args.rate} msg/s for {args.seconds:.0f} s:")
        for name in ("gongkai plaintext", "gongkai safe mode", "gongkai plaintext, cache off"):
            port, signer = targets[name]
            lat = await Load(session, f"http://127.0.0.1:{port}/wechat", signer).fixed_rate(args.rate, args.seconds)
            print(f"{name:32} p50 {pct(lat, 50):.1f} ms  p99 {pct(lat, 99):.1f} ms  ({len(lat)} messages)")
        print("resident memory after the rounds, MB per process:")
        for kind, group in servers.items():
            sizes = [rss_mb(pid) for proc in group for pid in process_tree(proc.pid)]
            print(f"{kind:32} " + "  ".join(f"{size:.0f}" for size in sizes if size))
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=20)
    best["WeRoBot"] = best.pop(robot)
    return best


async def main(args) -> None:
    print(f"{len(QUESTIONS)} distinct questions asked in turn, each message with a fresh MsgId; "
          f"{os.cpu_count()} CPU cores, the load generator on the same machine")
    results = {}
    # Idle connections are dropped before the service's keep-alive (service.request_timeout_seconds, 5 s)
    # closes them: the targets take turns, and reusing one just as the server closes it fails the run.
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=2)) as session:
        for workers in [int(x) for x in args.workers.split(",")]:
            results[workers] = await run(args, workers, session)
    print()
    for workers, best in results.items():
        bare, robot = best["bare aiohttp"], best["WeRoBot"]
        for name in ("gongkai plaintext", "gongkai plaintext, cache off"):
            print(f"{workers} process{'es' if workers > 1 else ''}: {name} peak {best[name]:.0f} msg/s = "
                  f"{best[name] / bare:.0%} of the bare ceiling ({bare:.0f}), {best[name] / robot:.2f}x WeRoBot "
                  f"({robot:.0f})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0, help="per target and level, in --rounds turns")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--levels", default="1,10,50,100")
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--workers", default="1,2", help="process counts to compare, e.g. 1,2")
    asyncio.run(main(parser.parse_args()))
