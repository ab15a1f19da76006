"""Sending the outbox: claim due rows, send each through the WeChat client, record what happened.

A failed send stays in the outbox: it is retried with exponential backoff (reminders.retry_base_seconds,
doubling, capped at six hours) until reminders.max_attempts, then kept as failed with its error for
staff to see. Errors that no retry can fix (the openid is wrong or the user has unfollowed) fail at once.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from storage import outbox
from wechat.api import WeChatAPIError, WeChatClient, WeChatError

log = logging.getLogger(__name__)

# 40003 invalid openid, 43004 user has not followed, 43101 user refuses messages, 47001 malformed data.
PERMANENT_ERRCODES = frozenset({40003, 43004, 43101, 47001})
MAX_BACKOFF = timedelta(hours=6)
# A claimed row is someone's for this long; after it, a crashed sender's row is claimed again.
LEASE = timedelta(minutes=5)


class NotConfigured(Exception):
    """A template id is missing in [templates]; retried, so the message goes out once staff set it."""


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def backoff(settings, attempts: int) -> timedelta:
    base = timedelta(seconds=settings.get("reminders", "retry_base_seconds"))
    return min(MAX_BACKOFF, base * 2 ** max(0, attempts - 1))


async def _send(settings, client: WeChatClient, row: outbox.Claimed) -> None:
    if "text" in row.payload:
        await client.send_text(row.recipient, row.payload["text"])
        return
    name = row.payload["template"]
    template_id = settings.get("templates", name)
    if not template_id:
        raise NotConfigured(f"未配置模板消息ID：请在配置文件 [templates] 中设置 {name}")
    await client.send_template(row.recipient, template_id, row.payload["data"], row.payload.get("url"))


async def send_due(container, client: WeChatClient, limit: int = 50) -> SendReport:
    """Send what is due now; safe to run from any number of instances at once."""
    report = SendReport()
    async with container.uow() as uow:
        claimed = await outbox.claim(uow.session, container.now(), LEASE, limit)
        await uow.commit()
    max_attempts = container.settings.get("reminders", "max_attempts")
    for row in claimed:
        error, permanent = None, False
        try:
            await _send(container.settings, client, row)
        except WeChatAPIError as err:
            error, permanent = str(err), err.errcode in PERMANENT_ERRCODES
        except (WeChatError, NotConfigured) as err:
            error = str(err)
        async with container.uow() as uow:
            if error is None:
                await outbox.mark_sent(uow.session, row.id, container.now())
                report.sent += 1
            elif permanent or row.attempts >= max_attempts:
                await outbox.mark_failed(uow.session, row.id, error)
                report.failed += 1
                log.error("outbox %s (%s) failed for good after %d attempts: %s", row.id, row.kind, row.attempts, error)
            else:
                retry_at = container.now() + backoff(container.settings, row.attempts)
                await outbox.mark_retry(uow.session, row.id, error, retry_at)
                report.retrying += 1
                log.warning("outbox %s (%s) attempt %d failed, retry at %s: %s", row.id, row.kind, row.attempts,
                            retry_at.isoformat(timespec="seconds"), error)
            await uow.commit()
    return report
