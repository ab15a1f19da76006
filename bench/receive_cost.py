"""What one webhook message costs in-process: receive() timed without HTTP, per kind of message.

    PYTHONPATH=. python bench/receive_cost.py [--messages 400] [--rounds 7] [--database URL]

Kinds: "question" (a labelled guide question, read-only: the hot path; answers repeat from the cache after
the first round), "figures" (a report-figures question, read-only, reads the database) and "form" (申请公开
then 取消 by the same follower, each a write: the delivery is claimed and the form saved or deleted).
Each message is a fresh signed plaintext request built before the clock starts; prints the best and the
median of the rounds' mean µs per message, in wall-clock time and in this process's CPU time (threads
included: aiosqlite's). On a shared machine the wall figures move by tens of percent between runs and the
CPU ones less: compare before/after in the same minute.
"""

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gongkai-receive-"))
from aiohttp import streams  # noqa: E402
from aiohttp.test_utils import make_mocked_request  # noqa: E402

from bench.guide_accuracy import labelled  # noqa: E402
from bot.app import create_app  # noqa: E402
from bot.bootstrap import bootstrap  # noqa: E402
from bot.webhook import receive  # noqa: E402
from bot.wechat_sim import WeChatSigner, text_xml  # noqa: E402
from config.settings import load_settings  # noqa: E402
from handlers.guide import store as guide_store  # noqa: E402

QUESTIONS = list(dict.fromkeys(q for q, _, _ in labelled()))
FIGURES = ["2020年行政许可处理决定多少件", "去年收到多少政府信息公开申请"]


def texts(kind: str, count: int) -> list[tuple[str, str]]:
    if kind == "question":
        return [(f"o{i % 50}", QUESTIONS[i % len(QUESTIONS)]) for i in range(count)]
    if kind == "figures":
        return [(f"o{i % 50}", FIGURES[i % len(FIGURES)]) for i in range(count)]
    return [(f"o{i // 2 % 50}", "申请公开" if i % 2 == 0 else "取消") for i in range(count)]


def request(app, signer: WeChatSigner, openid: str, text: str):
    query, body = signer.request(text_xml(openid, text))
    payload = streams.StreamReader(mock.Mock(), 2 ** 16, loop=asyncio.get_running_loop())
    payload.feed_data(body)
    payload.feed_eof()
    path = "/wechat?" + "&".join(f"{k}={v}" for k, v in query.items())
    return make_mocked_request("POST", path, headers={"Content-Length": str(len(body))}, app=app, payload=payload)


async def one_round(app, signer, kind: str, count: int) -> tuple[float, float]:
    """Mean µs per message: wall clock, and this process's CPU (less moved by other processes' load)."""
    requests = [request(app, signer, openid, text) for openid, text in texts(kind, count)]
    wall, cpu = time.perf_counter(), time.process_time()
    for req in requests:
        resp = await receive(req)
        assert resp.status == 200
    return (time.perf_counter() - wall) / count * 1e6, (time.process_time() - cpu) / count * 1e6


async def main(args) -> None:
    if args.database:
        os.environ["GONGKAI_DATABASE_URL"] = args.database
    container = await bootstrap(load_settings())
    app = create_app(container)
    await guide_store.index(container, container.default_agency)
    signer = WeChatSigner(container.settings.get("wechat", "token"))
    print(f"database: {container.engine.dialect.name}; {args.messages} messages a round, {args.rounds} rounds")
    for kind in args.kinds.split(","):
        await one_round(app, signer, kind, args.messages)  # warm-up: caches, connections, statements
        rounds = [await one_round(app, signer, kind, args.messages) for _ in range(args.rounds)]
        walls, cpus = [r[0] for r in rounds], [r[1] for r in rounds]
        print(f"{kind:9} µs/message  wall best {min(walls):6.0f} median {statistics.median(walls):6.0f}"
              f"   cpu best {min(cpus):6.0f} median {statistics.median(cpus):6.0f}")
    await container.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--kinds", default="question,figures,form")
    parser.add_argument("--database", help="a database URL (default: a fresh embedded SQLite file)")
    asyncio.run(main(parser.parse_args()))
