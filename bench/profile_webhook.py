"""Where one webhook message's time goes: signed guide questions posted one after another, under cProfile.

    PYTHONPATH=. python bench/profile_webhook.py [--messages 600] [--safe] [--sort tottime] [--lines 40]

Runs the real app in-process on a fresh embedded database; questions are the labelled ones of
tests/data/guide_questions.toml, each message with a fresh MsgId. Prints messages per second (with the
profiler's overhead) and the top functions.
"""

import argparse
import asyncio
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="gongkai-profile-")
from aiohttp.test_utils import TestClient, TestServer  # noqa: E402

from bench.guide_accuracy import labelled  # noqa: E402
from bot.app import create_app  # noqa: E402
from bot.bootstrap import bootstrap  # noqa: E402
from bot.wechat_sim import WeChatSigner, text_xml  # noqa: E402
from config.settings import load_settings  # noqa: E402
from tests.wechat_client import AES_KEY, APPID  # noqa: E402

QUESTIONS = list(dict.fromkeys(q for q, _, _ in labelled()))


async def main(args) -> None:
    container = await bootstrap(load_settings())
    container.settings.raw["wechat"].update(aes_key=AES_KEY, appid=APPID)
    client = TestClient(TestServer(create_app(container), host="127.0.0.1"))
    await client.start_server()
    token = container.settings.get("wechat", "token")
    signer = WeChatSigner(token, APPID, AES_KEY, "safe") if args.safe else WeChatSigner(token)

    async def one(i: int) -> None:
        query, body = signer.request(text_xml(f"o{i % 50}", QUESTIONS[i % len(QUESTIONS)]))
        resp = await client.post("/wechat", params=query, data=body)
        await resp.text()

    for i in range(20):
        await one(i)
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for i in range(20, 20 + args.messages):
        await one(i)
    profile.disable()
    print(f"{args.messages / (time.perf_counter() - started):.0f} messages/s one after another, profiled")
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.lines)
    await client.close()
    await container.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--safe", action="store_true", help="safe mode (AES) instead of plaintext")
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--lines", type=int, default=40)
    asyncio.run(main(parser.parse_args()))
