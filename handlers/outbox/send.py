"""Sending the outbox: claim a due row, send it through the WeChat client, record what happened; repeat.

Each row is claimed just before its own send, with a lease the send cannot outlive: the send is given
up at SEND_SHARE of the lease, so the row is never due again while its sender may still be talking to
WeChat, and only the lease holder records the outcome (storage.outbox). A template message carries a
client_msg_id made from the row's dedupe key: when WeChat took a send whose answer was lost, the same
message sent again is not shown twice.

A failed send stays in the outbox: it is retried with exponential backoff (reminders.retry_base_seconds,
doubling, capped at six hours) until reminders.max_attempts, then kept as failed with its error for
staff to see. Errors that no retry can fix (the openid is wrong, the user has unfollowed, a field breaks
WeChat's rules) fail at once. When WeChat cannot be reached, the round stops: the rows not yet tried
keep their turn (and their count of attempts) for the next round.
"""

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from hashlib import sha256

from storage import outbox
from wechat.api import WeChatAPIError, WeChatClient, WeChatError, WeChatUnavailableError

log = logging.getLogger(__name__)

# 40003 invalid openid, 43004 user has not followed, 43101 user refuses messages, 47001 malformed data,
# 47003 a field's value breaks the template's rules (a date in a time field, say).
PERMANENT_ERRCODES = frozenset({40003, 43004, 43101, 47001, 47003})
MAX_BACKOFF = timedelta(hours=6)
# A claimed row is its sender's for this long; after it, a crashed sender's row is claimed again.
LEASE = timedelta(minutes=5)
# A send still running at this share of its lease is given up (a minute of the default five is left
# for recording the outcome and for clocks of instances that differ).
SEND_SHARE = 0.8
# Hex digits of the dedupe key's hash: the template API states no limit; a mass send's clientmsgid has 64 bytes.
CLIENT_MSG_ID_LENGTH = 32


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


def client_msg_id(dedupe_key: str) -> str:
    """The outbox key (up to 200 characters, openids and dates) as a fixed-length id for WeChat."""
    return sha256(dedupe_key.encode()).hexdigest()[:CLIENT_MSG_ID_LENGTH]


async def _send(settings, client: WeChatClient, row: outbox.Claimed) -> None:
    if "text" in row.payload:
        await client.send_text(row.recipient, row.payload["text"])
        return
    name = row.payload["template"]
    template_id = settings.get("templates", name)
    if not template_id:
        raise NotConfigured(f"未配置模板消息ID：请在配置文件 [templates] 中设置 {name}")
    await client.send_template(row.recipient, template_id, row.payload["data"], row.payload.get("url"),
                               client_msg_id(row.dedupe_key))


@dataclass(frozen=True)
class Outcome:
    error: str | None = None
    permanent: bool = False  # no retry can fix it
    unreachable: bool = False  # WeChat did not answer: the rows after this one wait for the next round


async def _attempt(settings, client: WeChatClient, row: outbox.Claimed, limit: float) -> Outcome:
    """One send, given up after `limit` seconds."""
    try:
        async with asyncio.timeout(limit):
            await _send(settings, client, row)
    except WeChatAPIError as err:
        return Outcome(str(err), permanent=err.errcode in PERMANENT_ERRCODES)
    except TimeoutError:
        return Outcome(f"微信接口 {limit:.0f} 秒内未完成发送", unreachable=True)
    except WeChatUnavailableError as err:
        return Outcome(str(err), unreachable=True)
    except (WeChatError, NotConfigured) as err:
        return Outcome(str(err))
    return Outcome()


async def _record(container, row: outbox.Claimed, outcome: Outcome, report: SendReport) -> None:
    error, retry_at = outcome.error, None
    async with container.uow() as uow:
        if error is None:
            held, tally = await outbox.mark_sent(uow.session, row, container.now()), "sent"
        elif outcome.permanent or row.attempts >= container.settings.get("reminders", "max_attempts"):
            held, tally = await outbox.mark_failed(uow.session, row, error), "failed"
        else:
            retry_at = container.now() + backoff(container.settings, row.attempts)
            held, tally = await outbox.mark_retry(uow.session, row, error, retry_at), "retrying"
        await uow.commit()
    if not held:  # the send outlived its lease after all (a process stalled): the new holder decides
        log.warning("outbox %s (%s): lease lost before the outcome (%s) was recorded", row.id, row.kind, tally)
        return
    setattr(report, tally, getattr(report, tally) + 1)
    if tally == "failed":
        log.error("outbox %s (%s) failed for good after %d attempts: %s", row.id, row.kind, row.attempts, error)
    elif retry_at:
        log.warning("outbox %s (%s) attempt %d failed, retry at %s: %s", row.id, row.kind, row.attempts,
                    retry_at.isoformat(timespec="seconds"), error)


async def send_due(container, client: WeChatClient, limit: int = 50, lease: timedelta = LEASE) -> SendReport:
    """Send up to `limit` messages that are due now; safe to run from any number of instances at once."""
    report = SendReport()
    for _ in range(limit):
        async with container.uow() as uow:
            claimed = await outbox.claim(uow.session, container.now(), lease, 1)
            await uow.commit()
        if not claimed:
            break
        outcome = await _attempt(container.settings, client, claimed[0], lease.total_seconds() * SEND_SHARE)
        await _record(container, claimed[0], outcome, report)
        if outcome.unreachable:
            break
    return report
