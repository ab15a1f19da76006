"""The webhook's per-message shortcuts give what the general paths give.

On a SQLite file inbox.follower reads through QuickReads' raw sqlite3 path; here its rows are compared
with SQLAlchemy's for the same data, and on PostgreSQL the async path is checked against the same facts.
The XML is parsed once and wechatpy's message built from that tree: compared with wechatpy.parse_message.
"""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from wechatpy import parse_message

from bot.deliveries import Recent
from bot.wechat_protocol import Protocol, Rejected, _safe_tree, _wechatpy_message, _xmltodict
from bot.wechat_sim import WeChatSigner
from handlers.chat import inbox
from handlers.chat.router import Inbound
from storage import outbox
from storage.db import QuickReads
from storage.models_chat import Dialogue, InboundMessage

AGENCY_DATA = {"category": "natural", "name": "enc:张三", "steps": ["a", "b"], "n": 3}


async def _sqlalchemy_follower(container, openid: str, key: str) -> inbox.Follower:
    params = {"agency": await inbox.agency_id(container, container.default_agency), "openid": openid, "key": key}
    async with container.engine.connect() as conn:
        row = (await conn.execute(inbox._FOLLOWER, params)).one()
    return inbox.Follower(row if row.flow is not None else None, bool(row.waiting), bool(row.handled))


async def _seed(container, openid: str, updated_at: datetime) -> None:
    the_agency = await inbox.agency_id(container, container.default_agency)
    async with container.uow() as uow:
        uow.session.add(Dialogue(agency_id=the_agency, openid=openid, flow="apply", step="phone",
                                 data=AGENCY_DATA, updated_at=updated_at))
        await outbox.enqueue(uow.session, inbox.LATE_KIND, "late:msg:1", openid, {"text": "迟到的答复"},
                             container.now(), the_agency)
        uow.session.add(InboundMessage(dedupe_key="msg:42", reply=""))
        await uow.commit()


async def test_follower_with_form_waiting_and_handled_matches_sqlalchemy(container):
    updated_at = container.now().replace(microsecond=123456) - timedelta(minutes=3)
    await _seed(container, "o_hot", updated_at)
    found = await inbox.follower(container, container.default_agency, "o_hot", "msg:42")
    expected = await _sqlalchemy_follower(container, "o_hot", "msg:42")
    assert (found.waiting, found.handled) == (expected.waiting, expected.handled) == (True, True)
    assert tuple(found.form) == tuple(expected.form)
    assert found.form._fields == expected.form._fields == ("flow", "step", "data", "updated_at", "waiting", "handled")
    assert (found.form.flow, found.form.step, found.form.data) == ("apply", "phone", AGENCY_DATA)
    moment = found.form.updated_at
    assert type(moment) is datetime
    # SQLite stores the wall time it was given (naive); PostgreSQL gives the instant back in UTC.
    assert (moment if moment.tzinfo else moment.replace(tzinfo=updated_at.tzinfo)) == updated_at


async def test_stranger_has_no_form_nothing_waiting_and_a_new_key(container):
    await _seed(container, "o_hot", container.now())
    found = await inbox.follower(container, container.default_agency, "o_other", "msg:43")
    assert found == await _sqlalchemy_follower(container, "o_other", "msg:43")
    assert found == inbox.Follower(None, False, False)


async def test_raw_reads_see_each_new_commit(container):
    """The reading connection stays open: it must not keep a stale snapshot between messages."""
    reads = QuickReads(container.engine)
    params = {"agency": await inbox.agency_id(container, container.default_agency), "openid": "o", "key": "k1"}
    assert not (await reads.one(inbox._FOLLOWER, params)).handled
    async with container.uow() as uow:
        uow.session.add(InboundMessage(dedupe_key="k1"))
        await uow.commit()
    assert (await reads.one(inbox._FOLLOWER, params)).handled
    async with container.uow() as uow:
        assert await uow.session.scalar(select(InboundMessage.id).where(InboundMessage.dedupe_key == "k1"))



HEAD = ("<ToUserName><![CDATA[gh_agency]]></ToUserName><FromUserName><![CDATA[o_citizen]]></FromUserName>"
        "<CreateTime>1727740800</CreateTime>")
SAMPLES = {
    "text": "<MsgType>text</MsgType><Content><![CDATA[  申请要多久答复？ ]]></Content><MsgId>1234567890</MsgId>",
    "empty-text": "<MsgType>text</MsgType><Content><![CDATA[]]></Content><MsgId>7</MsgId>",
    "image": "<MsgType>image</MsgType><PicUrl>http://x/1.jpg</PicUrl><MediaId>m1</MediaId><MsgId>8</MsgId>",
    "location": "<MsgType>location</MsgType><Location_X>23.13</Location_X><Location_Y>113.26</Location_Y>"
                "<Scale>20</Scale><Label><![CDATA[广州]]></Label><MsgId>9</MsgId>",
    "subscribe": "<MsgType>event</MsgType><Event>subscribe</Event><EventKey></EventKey>",
    "subscribe-scene": "<MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_42</EventKey>",
    "subscribe-barcode": "<MsgType>event</MsgType><Event>subscribe</Event><EventKey>scanbarcode|std|6901234567892</EventKey>",
    "click": "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey>apply</EventKey>",
    "scancode": "<MsgType>event</MsgType><Event>scancode_waitmsg</Event><EventKey>k</EventKey>"
                "<ScanCodeInfo><ScanType>qrcode</ScanType><ScanResult>r</ScanResult></ScanCodeInfo>",
    "photos": "<MsgType>event</MsgType><Event>pic_sysphoto</Event><EventKey>p</EventKey><SendPicsInfo>"
              "<Count>2</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item><item><PicMd5Sum>b</PicMd5Sum>"
              "</item></PicList></SendPicsInfo>",
    "device": "<MsgType>device_text</MsgType><DeviceType>t</DeviceType><Content>x</Content>",
    "device-event": "<MsgType>device_event</MsgType><Event>bind</Event>",
    "no-event": "<MsgType>event</MsgType>",
    "unknown": "<MsgType>hologram</MsgType><Note a=\"1\">n</Note><Note/>",
}


def _read_through_wechatpy(message) -> Inbound:
    """Our message as wechatpy's own field reads give it (the protocol reads the parsed fields instead)."""
    return Inbound(
        openid=str(message.source)[:64], kind=message.type, create_time=message.time,
        msg_id=str(message.id) if message.id else None,
        text=(getattr(message, "content", None) or "")[:2000] if message.type == "text" else "",
        event=getattr(message, "event", "") or "", event_key=str(getattr(message, "key", "") or "")[:64],
        media_id=(message.media_id or "")[:128] if message.type == "image" else "",
    )


@pytest.mark.parametrize("fields", SAMPLES.values(), ids=SAMPLES.keys())
def test_one_parse_builds_the_message_wechatpy_parses(fields):
    xml = f"<xml>{HEAD}{fields}</xml>"
    signer = WeChatSigner("tok")
    query, body = signer.request(xml)
    envelope = Protocol("tok").open(query, body)
    unread = _wechatpy_message(_xmltodict(_safe_tree(xml.encode())))  # a field read fills in defaults
    expected = parse_message(xml)
    assert type(unread) is type(envelope.message) is type(expected)
    assert unread._data == expected._data
    assert envelope.inbound == _read_through_wechatpy(expected)
    assert envelope.inbound.openid == "o_citizen"


@pytest.mark.parametrize("created", ["<CreateTime>99999999999999999</CreateTime>", "<CreateTime>soon</CreateTime>",
                                     "<CreateTime></CreateTime>", ""], ids=["beyond-calendar", "word", "empty", "none"])
def test_a_create_time_wechatpy_cannot_read_is_refused(created):
    xml = (f"<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName>{created}<MsgType>text</MsgType>"
           "<Content>帮助</Content><MsgId>5</MsgId></xml>")
    with pytest.raises(Exception):  # noqa: B017 - wechatpy raises whatever its converters raise
        parse_message(xml).create_time.timestamp()
    query, body = WeChatSigner("tok").request(xml)
    with pytest.raises(Rejected) as refused:
        Protocol("tok").open(query, body)
    assert refused.value.status == 400


async def test_recent_deliveries_answer_retries_and_are_forgotten_oldest_first():
    now = [0.0]
    recent = Recent(keep_seconds=60, clock=lambda: now[0])
    first, is_new = recent.first(None, "msg:1")
    assert is_new and recent.first(None, "msg:1") == (first, False)  # a retry finds the first delivery
    now[0] = 30.0
    recent.first(None, "msg:2")
    now[0] = 61.0
    recent.first(None, "msg:3")  # msg:1 is a minute old: dropped as this one arrives
    assert recent.first(None, "msg:1")[1] is True
    assert recent.first(None, "msg:2")[1] is False  # half a minute old: still answers its retries
