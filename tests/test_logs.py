"""Personal data never reaches the logs: not from a failing command at INFO, not from any record the
redacting handler writes (message, arguments, traceback)."""

import sqlite3
import subprocess
import sys

from tests.cli_helpers import Gongkai

NAME, ID_NUMBER, PHONE = "欧阳娜娜", "11010519491231002X", "13800138000"
REQUEST = f"我叫{NAME}，身份证{ID_NUMBER}，电话{PHONE}，住址：牡丹江市东安区光华街88号，想要公交线路批复"


def test_a_command_failing_at_info_logs_its_traceback_without_personal_data(tmp_path):
    gk = Gongkai(tmp_path, extra_env={"GONGKAI_LOG_LEVEL": "INFO"})
    gk.run("agency", "list")  # creates the embedded database
    with sqlite3.connect(tmp_path / "data" / "gongkai.db") as db:  # the disk fills up, say
        db.execute("CREATE TRIGGER refuse BEFORE INSERT ON applicants BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    proc = gk.run("app", "register", "--channel", "in_person", "--received", "2024-09-27", "--category",
                  "natural_person", "--name", NAME, "--id-number", ID_NUMBER, "--phone", PHONE, "--request", REQUEST,
                  check=False)
    assert proc.returncode == 1 and proc.stderr.strip().endswith("错误：系统内部错误，详情已记入日志。")
    assert "ERROR gongkai: gongkai app failed" in proc.stderr and "IntegrityError" in proc.stderr
    assert "disk full" in proc.stderr and "parameters hidden" in proc.stderr
    for secret in (NAME, ID_NUMBER, PHONE, "光华街"):
        assert secret not in proc.stderr, secret


LOG_EVERYTHING = f"""
import logging, sys
from bot.logs import setup_logging
setup_logging(logging.INFO)
log = logging.getLogger("gongkai.test")
log.info("message: %s", {REQUEST!r})
log.info({REQUEST!r})
log.info("姓名：%s 联系人 %s 座机 0453-6250110", "张三", "李四")
try:
    raise ValueError({REQUEST!r})
except ValueError:
    log.exception("handling failed")
log.warning("stack", stack_info=True, extra={{"x": 1}})
log.debug("not at INFO: {ID_NUMBER}")
"""


def test_every_record_the_service_writes_is_masked():
    proc = subprocess.run([sys.executable, "-c", LOG_EVERYTHING], capture_output=True, text=True, timeout=60)
    out = proc.stderr
    assert proc.returncode == 0, out
    for secret in (NAME, ID_NUMBER, PHONE, "光华街", "张三", "李四", "6250110"):
        assert secret not in out, secret
    # Masked, still telling an operator what was there.
    assert out.count("110***************") == 3 and out.count("138********") == 3 and "我叫欧***" in out
    assert "住址：***" in out and "姓名：张*" in out and "联系人 李*" in out and "045*********" in out
    assert "Traceback" in out and "ValueError" in out and "handling failed" in out and "not at INFO" not in out
