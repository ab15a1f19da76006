"""Issue 13, point 6 through the webhook: with the 2020 report imported, questions about figures its tables
do not hold are said so, never given a number; figures it holds still are."""

import re
import tomllib
from pathlib import Path

from handlers.report.service import import_report
from tests.wechat_client import webhook_client

DATA = Path(__file__).parent / "data"
TRAPS = tomllib.loads((DATA / "figures_questions.toml").read_text(encoding="utf-8"))["traps"]["questions"]


async def test_traps_get_no_number_and_real_figures_still_answer(container):
    await import_report(container, DATA / "report_mudanjiang_2020.txt")
    async with webhook_client(container) as wx:
        for question in ["2020年微信公众号推送了多少条信息", "2020年收费多少钱",
                         *[q for q in TRAPS if q.startswith("2020")][:10]]:
            reply = await wx.text("o-figures", question)
            assert "没有" in reply and "无法回答" in reply, (question, reply)
            assert not re.search(r"\d+(件|项|元|条|人|次)", reply), (question, reply)
        assert "7410件" in await wx.text("o-figures", "2020年行政许可处理决定多少件")
