"""Every outbox message reaches WeChat once: senders racing in two processes, an outage longer than a
lease, an answer lost after WeChat took the send, a sender whose lease passed, a field WeChat refuses."""

import asyncio
import os
import sys
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from bot.bootstrap import shanghai_now
from handlers.outbox.send import LEASE, client_msg_id, send_due
from storage import outbox
from storage.models_chat import OutboxMessage
from tests.reminder_helpers import TEMPLATE, client_for, wired_container, wired_env

TEXT = "/cgi-bin/message/custom/send"
FIELDS = {"character_string1": "2400018", "thing2": "答复期限还剩2个工作日", "date3": "2024年10月23日",
          "thing4": "请按期答复申请人"}


async def queue(container, templates: int, texts: int = 0) -> None:
    async with container.uow() as uow:
        for n in range(templates):
            await outbox.enqueue(uow.session, "reply-before-3", f"reply-before-3:24{n:05d}:2024-10-23:oStaff{n:03d}",
                                 f"oStaff{n:03d}", {"template": "reminder", "data": FIELDS}, container.now())
        for n in range(texts):
            await outbox.enqueue(uow.session, "cs_text", f"late:msg:{n}", f"oCitizen{n:03d}", {"text": f"迟到的答复{n}"},
                                 container.now())
        await uow.commit()


async def states(container) -> Counter:
    async with container.uow() as uow:
        return Counter(await uow.session.scalars(select(OutboxMessage.state)))


def once_each(sends: list[tuple[str, dict]]) -> Counter:
    """How often each message occurs among `sends`, by recipient and content (template id, or text)."""
    return Counter((body["touser"], body.get("client_msg_id") or body["text"]["content"]) for _, body in sends)


async def test_two_sender_processes_send_each_message_once(settings_env, tmp_path, fake, clock):
    env = wired_env(settings_env, tmp_path, fake)
    async with wired_container(env, shanghai_now) as container:
        await queue(container, templates=60)
    folder = tmp_path / "senders"
    folder.mkdir()
    child_env = {**os.environ, **env, "PYTHONPATH": os.pathsep.join(sys.path)}
    senders = [await asyncio.create_subprocess_exec(sys.executable, "-m", "tests.outbox_sender", str(folder),
                                                    env=child_env) for _ in range(2)]
    while len(list(folder.glob("ready.*"))) < 2 and all(p.returncode is None for p in senders):
        await asyncio.sleep(0.05)
    (folder / "go").touch()
    assert [await asyncio.wait_for(p.wait(), 60) for p in senders] == [0, 0]
    async with wired_container(env, shanghai_now) as container:
        assert await states(container) == {"sent": 60}
    assert set(once_each(fake.accepted).values()) == {1} and len(fake.accepted) == 60


async def keep_sending(container, client, lease: timedelta) -> None:
    while (await states(container))["sent"] < sum((await states(container)).values()):
        await send_due(container, client, lease=lease)
        await asyncio.sleep(0.05)


async def outage_with_two_senders(settings_env, tmp_path, fake, templates: int, texts: int) -> None:
    """Message sends hang for 3 s (tokens still served) while a lease lasts 1 s; two senders keep going."""
    env = wired_env(settings_env, tmp_path, fake)
    async with wired_container(env, shanghai_now) as one, wired_container(env, shanghai_now) as two:
        for container in (one, two):
            container.settings.raw["reminders"]["retry_base_seconds"] = 0.5
        await queue(one, templates, texts)
        async with client_for(one) as a, client_for(two) as b:
            await a.get_access_token()
            fake.outage(3.0)
            await asyncio.wait_for(asyncio.gather(keep_sending(one, a, timedelta(seconds=1)),
                                                  keep_sending(two, b, timedelta(seconds=1))), 60)
        assert await states(one) == {"sent": templates + texts}
    assert len(fake.calls(TEMPLATE)) + len(fake.calls(TEXT)) > templates + texts  # sends hung and were tried again
    # Taken by WeChat once, not merely shown once: text messages have no client_msg_id to fall back on.
    assert set(once_each(fake.accepted).values()) == {1} and len(fake.accepted) == templates + texts
    assert set(once_each(fake.delivered).values()) == {1} and len(fake.delivered) == templates + texts


async def test_a_send_hanging_longer_than_its_lease_is_given_up_before_another_sender_takes_it(
        settings_env, tmp_path, fake):
    await outage_with_two_senders(settings_env, tmp_path, fake, templates=0, texts=1)


async def test_an_outage_longer_than_a_lease_with_two_senders_sends_each_message_once(settings_env, tmp_path, fake):
    """The outage seen: two schedulers on one database, 24 reminders and notices, sends hanging."""
    await outage_with_two_senders(settings_env, tmp_path, fake, templates=16, texts=8)


async def test_a_send_whose_answer_was_lost_is_shown_once(container, settings_env, tmp_path, fake, clock):
    async with wired_container(wired_env(settings_env, tmp_path, fake), clock) as wired:
        await queue(wired, templates=1)
        fake.lose_answer_next(path=TEMPLATE)  # WeChat takes the message, the connection drops before its answer
        async with client_for(wired) as client:
            assert (await send_due(wired, client)).sent == 1
    first, again = fake.calls(TEMPLATE)
    key = "reply-before-3:2400000:2024-10-23:oStaff000"
    assert first["client_msg_id"] == again["client_msg_id"] == client_msg_id(key) and len(client_msg_id(key)) == 32
    assert len(fake.accepted) == 2 and len(fake.delivered) == 1


async def test_a_sender_whose_lease_passed_records_nothing(container, clock):
    await queue(container, templates=1)
    async with container.uow() as uow:
        [late] = await outbox.claim(uow.session, container.now(), LEASE, 1)
        [holder] = await outbox.claim(uow.session, container.now() + LEASE, LEASE, 1)  # the lease lapsed
        await uow.commit()
    assert holder.lease_id != late.lease_id
    async with container.uow() as uow:
        assert not await outbox.mark_sent(uow.session, late, container.now())
        assert not await outbox.mark_retry(uow.session, late, "超时", container.now())
        assert not await outbox.mark_failed(uow.session, late, "超时")
        await uow.commit()
    assert await states(container) == {"sending": 1}
    async with container.uow() as uow:
        assert await outbox.mark_retry(uow.session, holder, "超时", container.now() + LEASE)
        assert not await outbox.mark_sent(uow.session, holder, container.now())  # settled: no longer sending
        await uow.commit()
    assert await states(container) == {"pending": 1}


async def test_a_field_wechat_refuses_fails_at_once(container, settings_env, tmp_path, fake, clock):
    """A deadline sent in a `time` field (WeChat wants a time of day there) is refused with 47003, which
    no retry can fix: the message fails at once with the reason, instead of eight times over a day."""
    async with wired_container(wired_env(settings_env, tmp_path, fake), clock) as wired:
        async with wired.uow() as uow:
            await outbox.enqueue(uow.session, "reply-due", "reply-due:2400018:2024-10-23:oStaff", "oStaff",
                                 {"template": "reminder", "data": {**FIELDS, "time3": "2024年10月23日"}}, wired.now())
            await uow.commit()
        async with client_for(wired) as client:
            assert (await send_due(wired, client)).failed == 1
        async with wired.uow() as uow:
            row = await uow.session.scalar(select(OutboxMessage))
            assert (row.state, row.attempts) == ("failed", 1) and "47003" in row.last_error
