"""The scheduler (APScheduler 3, in the service's event loop): jobs are defined here, in code; their
state lives in the database (outbox, job_runs), never in the scheduler.

Every job runs once at start, which is the catch-up after a restart or a night the service was down:
each job works out what is due *as of today* and queues it under a dedupe key, so running late, twice,
or on two instances at once neither misses nor repeats a message.
"""

import asyncio
import logging
from contextlib import AsyncExitStack
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.bootstrap import TZ, Container
from handlers.chat import inbox
from handlers.chat.message import finish_lapsed
from handlers.outbox import send as delivery
from handlers.reminders import digest, yearend
from handlers.reminders import scan as reminders
from wechat.setup import wechat_client, wechat_configured

log = logging.getLogger(__name__)
STOP_GRACE_SECONDS = 10  # a deadline scan or an outbox round in progress when the service stops


async def deadline_scan(container: Container) -> None:
    queued = await reminders.scan(container)
    log.info("deadline scan for %s queued %d reminders", container.today(), queued)


async def morning_digest(container: Container) -> None:
    if container.now().astimezone(TZ).hour >= container.settings.get("reminders", "digest_hour"):
        await digest.digest(container)


async def forget_deliveries(container: Container) -> None:
    dropped = await inbox.forget_old(container)
    if dropped:
        log.info("deleted %d old delivery records", dropped)


async def lapsed_answers(container: Container) -> None:
    answered = await finish_lapsed(container)
    if answered:
        log.info("answered %d messages whose late answer a stopped process had left", answered)


async def year_end(container: Container) -> None:
    await yearend.run_yearend(container)


async def outbox_send(container: Container, client) -> None:
    report = await delivery.send_due(container, client)
    if report.sent or report.retrying or report.failed:
        log.info("outbox: %d sent, %d to retry, %d failed", report.sent, report.retrying, report.failed)


class Scheduler:
    """`await s.start()` once the event loop runs; `await s.shutdown()` at exit."""

    def __init__(self, container: Container):
        self.container = container
        self.aps = AsyncIOScheduler(timezone=TZ)
        self._stack = AsyncExitStack()
        self._running: set[asyncio.Task] = set()

    def _add(self, func, trigger, *args) -> None:
        self.aps.add_job(self._run, trigger, args=(func, self.container, *args), id=func.__name__,
                         name=func.__name__, coalesce=True, max_instances=1, misfire_grace_time=None,
                         next_run_time=datetime.now(TZ))

    async def _run(self, func, *args) -> None:
        """Every job, tracked: shutting down lets a running job finish (APScheduler would cancel it)."""
        task = asyncio.current_task()
        self._running.add(task)
        try:
            await func(*args)
        finally:
            self._running.discard(task)

    async def start(self) -> None:
        settings = self.container.settings
        hour = settings.get("reminders", "digest_hour")
        self._add(deadline_scan, IntervalTrigger(minutes=settings.get("reminders", "scan_interval_minutes")))
        self._add(morning_digest, CronTrigger(hour=hour, timezone=TZ))
        self._add(year_end, CronTrigger(hour=hour, minute=5, timezone=TZ))
        self._add(forget_deliveries, CronTrigger(hour=3, timezone=TZ))
        self._add(lapsed_answers, IntervalTrigger(seconds=settings.get("wechat", "lease_seconds")))
        if wechat_configured(settings):
            client = await self._stack.enter_async_context(wechat_client(self.container))
            self._add(outbox_send, IntervalTrigger(seconds=settings.get("reminders", "send_interval_seconds")), client)
        else:
            log.warning("公众号 appid/secret 未配置：提醒和通知只排入待发队列，暂不发送")
        # APScheduler logs every run at INFO; the outbox runs every few seconds, so keep only its warnings.
        logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
        self.aps.start()
        log.info("scheduler started: %s", ", ".join(job.id for job in self.aps.get_jobs()))

    async def shutdown(self) -> None:
        if self.aps.running:
            self.aps.pause()
            if self._running:
                await asyncio.wait(set(self._running), timeout=STOP_GRACE_SECONDS)
            self.aps.shutdown(wait=False)
        await self._stack.aclose()
