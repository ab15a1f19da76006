"""`gongkai scheduler`: the reminder and notice scheduler alone, without the web service."""

import asyncio

from bot.bootstrap import bootstrap
from scheduler.service import Scheduler


def register(sub) -> None:
    p = sub.add_parser("scheduler", help="只运行定时任务（期限提醒、申请人通知、晨报、年报提醒）")
    p.set_defaults(run=_run)


async def _run(args, settings) -> int:
    container = await bootstrap(settings)
    scheduler = Scheduler(container)
    try:
        await scheduler.start()
        await asyncio.Event().wait()
    finally:
        await scheduler.shutdown()
        await container.close()
    return 0
