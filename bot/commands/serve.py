"""`gongkai serve`: the web service (webhook, health check) with the scheduler alongside."""

import asyncio
import gc
import logging

from aiohttp import web

from bot.app import create_app
from bot.bootstrap import bootstrap
from scheduler.service import Scheduler

log = logging.getLogger(__name__)


def register(sub) -> None:
    p = sub.add_parser("serve", help="启动服务")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.set_defaults(run=_serve)


async def _serve(args, settings) -> int:
    logging.getLogger().setLevel(logging.INFO)
    container = await bootstrap(settings)
    host = args.host or settings.get("service", "host")
    port = args.port or settings.get("service", "port")
    runner = web.AppRunner(create_app(container), access_log=None)
    await runner.setup()  # builds the guide index: jieba's dictionary and the phrasings, millions of objects
    # Full garbage collections would walk those long-lived objects again and again, stalling every reply
    # for a few hundred milliseconds; freezing them keeps collections to what requests create.
    gc.collect()
    gc.freeze()
    scheduler = Scheduler(container)
    try:
        await web.TCPSite(runner, host, port).start()
        log.info("gongkai serving on http://%s:%s (database: %s)", host, port, container.engine.dialect.name)
        await scheduler.start()
        await asyncio.Event().wait()
    finally:
        await scheduler.shutdown()
        await runner.cleanup()
        await container.close()
    return 0
