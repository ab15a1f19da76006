"""Every other free text an operator types goes through the one check too (disclosure.text)."""

import pytest

from tests.cli_helpers import Gongkai

CASES = {
    "agency-name": (["agency", "add", "mdj-gaj", "牡丹江市\x1b[2J公安局"], "机关名称"),
    "guide-answer": (["guide", "set", "fees", "--question", "收费吗", "--answer", "不收费\x07"], "答案"),
    "guide-phrasing": (["guide", "set", "fees", "--question", "收费吗", "--answer", "不收费",
                        "--phrasing", "要\u202e钱吗"], "其他问法"),
    "report-draft": (["draft", "set", "2025", "problems", "人手不足\x1b[2J"], "五、存在的主要问题"),
    "staff-name": (["staff", "bind-code", "王\x1b]0;x\x07芳"], "工作人员姓名"),
}


@pytest.mark.parametrize("args, field", CASES.values(), ids=CASES.keys())
def test_control_characters_are_refused_in_one_chinese_line(tmp_path, args, field):
    proc = Gongkai(tmp_path).run(*args, check=False)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0] and "控制字符" in lines[0]
    assert "\x1b" not in proc.stderr and "\x00" not in proc.stderr
