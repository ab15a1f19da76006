"""`gongkai serve`: the web service (webhook, health check) with the scheduler alongside."""

import argparse
import asyncio
import gc
import logging
import os

from aiohttp import web

from bot import limits, workers
from bot.app import create_app
from bot.bootstrap import bootstrap
from config.settings import ConfigError
from scheduler.service import Scheduler

log = logging.getLogger(__name__)


def register(sub) -> None:
    p = sub.add_parser("serve", help="启动服务")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--workers", type=int, help="进程数（默认取配置 service.workers；0 表示与CPU核数相同）")
    p.add_argument("--worker-of", type=int, metavar="PID", help=argparse.SUPPRESS)  # started by the first process
    p.set_defaults(run=_serve)


def worker_count(args, settings) -> int:
    count = settings.get("service", "workers") if args.workers is None else args.workers
    if count < 0:
        raise ConfigError("配置错误：--workers 应为0或正整数，0表示与CPU核数相同。")
    count = count or os.cpu_count() or 1
    if count > 1 and not workers.reuse_port_supported():
        raise ConfigError("配置错误：本系统不支持多进程共用端口（SO_REUSEPORT），请将进程数设为1。")
    return count


async def _serve(args, settings) -> int:
    worker = args.worker_of is not None
    if worker:
        workers.die_with_parent()
    count = 1 if worker else worker_count(args, settings)
    container = await bootstrap(settings)  # the first process sets up the database before any worker
    host = args.host or settings.get("service", "host")
    port = args.port or settings.get("service", "port")
    runner = web.AppRunner(create_app(container), access_log=None, **limits.runner_options(settings))
    await runner.setup()  # builds the guide index: jieba's dictionary and the phrasings, millions of objects
    # Full garbage collections would walk those long-lived objects again and again, stalling every reply
    # for a few hundred milliseconds; freezing them keeps collections to what requests create.
    gc.collect()
    gc.freeze()
    stop = asyncio.Event()
    workers.stop_on_signals(stop)
    shared = worker or count > 1
    scheduler = None if worker else Scheduler(container)
    extra = workers.Workers(count - 1, host, port) if count > 1 else None
    watcher = asyncio.create_task(workers.watch_parent(args.worker_of, stop)) if worker else None
    try:
        await limits.BoundedSite(runner, host, port, settings.get("service", "max_connections"),
                                 reuse_port=shared or None).start()
        if extra:
            await extra.start()
        if scheduler:
            log.info("gongkai serving on http://%s:%s (database: %s, %d process%s)", host, port,
                     container.engine.dialect.name, count, "es" if count > 1 else "")
            await scheduler.start()
        await stop.wait()
    finally:
        if watcher:
            watcher.cancel()
        if extra:
            await extra.stop()
        if scheduler:
            await scheduler.shutdown()
        await runner.cleanup()
        await container.close()
    return 0
