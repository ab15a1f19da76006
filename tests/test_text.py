"""One text check for every channel: control characters refused, the same limits, one Chinese line."""

import pytest

from disclosure.text import NAME_MAX, REQUEST_MAX, InvalidText, clean_line, clean_text
from tests.cli_helpers import Gongkai


@pytest.mark.parametrize("bad", ["张\x01三", "\x1b[2J张三", "张三\x00", "abc\u202edef", "张三\x7f", "张\x9b三"])
def test_control_characters_are_refused(bad):
    with pytest.raises(InvalidText, match="控制字符"):
        clean_line(bad, "申请人姓名", NAME_MAX)
    with pytest.raises(InvalidText, match="控制字符"):
        clean_text(bad, "描述", REQUEST_MAX)


def test_whitespace_is_tidied_not_refused():
    assert clean_line("  张\t三\n ", "姓名", NAME_MAX) == "张 三"
    assert clean_text("第一行\r\n\r\n\r\n\r\n第二行\t末尾  ", "描述", REQUEST_MAX) == "第一行\n\n第二行 末尾"
    assert clean_line("\ufeff张三\u200b", "姓名", NAME_MAX) == "张三"


def test_limits_are_exact():
    assert clean_text("字" * REQUEST_MAX, "描述", REQUEST_MAX) == "字" * REQUEST_MAX
    with pytest.raises(InvalidText, match=f"不能超过{REQUEST_MAX}个字（现有{REQUEST_MAX + 1}个字）"):
        clean_text("字" * (REQUEST_MAX + 1), "描述", REQUEST_MAX)
    with pytest.raises(InvalidText, match="不能为空"):
        clean_line(" \n ", "姓名", NAME_MAX)
    assert clean_line("", "姓名", NAME_MAX, required=False) == ""


@pytest.mark.parametrize("field, value, said", [
    ("--name", "\x1b[2J张三", "控制字符"),
    ("--request", "某文件\x01", "控制字符"),
    ("--request", "某" * 30_000, f"不能超过{REQUEST_MAX}个字"),
], ids=["escape-in-name", "control-in-request", "30k-request"])
def test_cli_registration_refuses_what_chat_refuses(tmp_path, field, value, said):
    args = {"--name": "张三", "--request": "2023年公交线路调整的批复"}
    args[field] = value
    flat = [x for pair in args.items() for x in pair]
    proc = Gongkai(tmp_path).run("app", "register", "--channel", "post", "--received", "2024-09-27",
                                 "--category", "natural_person", *flat, check=False)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0] and "\x1b" not in proc.stderr
