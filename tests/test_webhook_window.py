"""The signed timestamp's window (wechat.timestamp_window, 300 s): its edges, early and late, over HTTP."""

import pytest

from bot.webhook import PROTOCOL
from tests.wechat_client import text_xml, webhook_client

NOW = 1_795_800_000  # the service's clock, frozen on a whole second as WeChat's timestamps are


@pytest.mark.parametrize(("skew", "status"), [(-299, 200), (-300, 200), (-301, 403), (299, 200), (300, 200),
                                              (301, 403)])
async def test_a_timestamp_up_to_300_seconds_off_is_taken_and_one_more_is_refused(container, skew, status):
    async with webhook_client(container, "safe") as wx:
        wx.client.app[PROTOCOL].clock = lambda: float(NOW)
        query = wx.query(timestamp=NOW + skew)
        resp = await wx.post(wx.envelope(text_xml("o-clock", "帮助"), query), query)
        assert resp.status == status, await resp.text()
        if status == 200:
            assert "在线申请" in wx.open_reply(await resp.text())
