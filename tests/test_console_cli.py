"""The command line's side of the console: accounts, voiding a mistaken entry, listing appeals."""

import subprocess
import sys

import pytest

from tests.cli_helpers import Gongkai

REGISTER = ["app", "register", "--channel", "post", "--received", "2024-09-27", "--category", "natural_person",
            "--name", "张三", "--request", "某文件"]


@pytest.fixture
def gk(tmp_path, db_url):
    return Gongkai(tmp_path, db_url)


def add(gk, name, role, password, *extra):
    return subprocess.run([sys.executable, "-m", "bot.cli", "user", "add", name, "--role", role, "--password-stdin",
                           *extra], input=password + "\n", env=gk.env, cwd=gk.cwd, capture_output=True, text=True,
                          timeout=60)


def test_accounts_are_added_listed_disabled_and_checked(gk):
    assert add(gk, "王芳", "clerk", "clerk-password-1").returncode == 0
    assert add(gk, "李主任", "审批人", "approver-pass-1").returncode == 0  # the role's Chinese name works too
    users = gk.json("user", "list")
    assert [(u["name"], u["role"], u["disabled"]) for u in users] == [("李主任", "approver", False), ("王芳", "clerk", False)]
    for args, error in [(("王芳", "admin", "another-password"), "已被使用"), (("赵六", "clerk", "short"), "至少10个字符"),
                        (("赵六", "boss", "long-enough-1"), "未知的角色"), (("赵六", "clerk", "赵六-is-my-password"), "不能包含用户名")]:
        proc = add(gk, *args)
        assert proc.returncode != 0 and error in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    gk.run("user", "disable", "王芳")
    assert next(u for u in gk.json("user", "list") if u["name"] == "王芳")["disabled"] is True
    missing = gk.run("user", "disable", "无此人", check=False)
    assert missing.returncode == 1 and "没有名为" in missing.stderr


def test_void_strikes_an_entry_and_appeals_are_listed(gk):
    n = gk.run(*REGISTER).stdout.strip()
    gk.run("app", "consult", n, "--date", "2024-10-08", "--party", "某公司")
    view = gk.json("app", "void", n, "2", "--reason", "误点了征求意见")
    assert view["state"] == "processing" and view["due_on"] == "2024-10-30"
    assert view["events"][1]["voided_reason"] == "误点了征求意见" and view["events"][2]["action"] == "void"
    again = gk.run("app", "void", n, "2", "--reason", "再撤一次", check=False)
    assert again.returncode == 1 and "已经撤销过" in again.stderr
    first = gk.run("app", "void", n, "1", "--reason", "x", check=False)
    assert first.returncode == 1 and "起点" in first.stderr
    assert "撤销第2项" in gk.run("app", "show", n).stdout
    assert gk.run("appeal", "list").stdout.strip() == "没有复议或诉讼记录。"
    gk.run("appeal", "add", n, "--kind", "review", "--filed", "2024-12-01")
    rows = gk.json("appeal", "list", "--pending")
    assert [(r["application"], r["kind"], r["result"]) for r in rows] == [(n, "review", None)]
