"""The README's first command: the service starts on the embedded default and answers /healthz."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bot.wechat_sim import WeChatSigner, text_xml
from tests.cli_helpers import Gongkai


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_starts_on_embedded_default_and_answers_healthz(tmp_path):
    gk = Gongkai(tmp_path)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--port", str(port)], env=gk.env,
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as resp:
                    body = resp.read().decode()
                    break
            except OSError:
                time.sleep(0.1)
        assert body is not None and '"status": "ok"' in body
        assert (tmp_path / "data" / "gongkai.db").exists() and (tmp_path / "data" / "secret.key").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert "Traceback" not in proc.stdout.read()


def _healthz_pid(port: int) -> int | None:
    try:  # a new connection each time, so the kernel may hand it to any worker
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
            return json.loads(resp.read())["pid"]
    except OSError:
        return None


def _pids_answering(port: int, tries: int = 40) -> set[int]:
    return {pid for pid in (_healthz_pid(port) for _ in range(tries)) if pid}


def _alive(pid: int) -> bool:
    try:  # a zombie (exited, not yet reaped by whoever adopted it) counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def _wait_for(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_REUSEPORT workers are for Linux servers")
def test_serve_with_two_workers_shares_the_port_restarts_a_dead_worker_and_stops_them_all(tmp_path):
    gk = Gongkai(tmp_path)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--workers", "2"],
                            env=gk.env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert _wait_for(lambda: len(_pids_answering(port, 10)) == 2), "both processes answer on the one port"
        (worker,) = _pids_answering(port) - {proc.pid}
        signer = WeChatSigner("gongkai-dev-token")  # the default token of config/default.toml
        for n in range(6):  # signed messages are answered whichever process takes the connection
            query, body = signer.request(text_xml(f"o-workers-{n}", "申请要多久答复", 7000 + n))
            request = urllib.request.Request(f"http://127.0.0.1:{port}/wechat?{urlencode(query)}",
                                             data=body, method="POST")
            with urllib.request.urlopen(request, timeout=5) as resp:
                assert "20个工作日" in resp.read().decode()

        os.kill(worker, signal.SIGKILL)
        assert _wait_for(lambda: any(p not in (proc.pid, worker) for p in _pids_answering(port, 10))), \
            "a dead worker is started again"
        workers = _pids_answering(port) - {proc.pid}
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert proc.returncode == 0
    assert _wait_for(lambda: not any(_alive(p) for p in workers)), "stopping the first process stops the workers"
    output = proc.stdout.read()
    assert "Traceback" not in output and "starting it again" in output


@pytest.mark.parametrize("args, env", [(["--workers", "-1"], {}), ([], {"GONGKAI_WORKERS": "many"})])
def test_a_bad_worker_count_is_refused_in_chinese(tmp_path, args, env):
    proc = Gongkai(tmp_path, extra_env=env).run("serve", *args, check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith("配置错误") and "0或正整数" in proc.stderr


def _start_two(tmp_path, gk, port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--workers", "2"],
                            env=gk.env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_REUSEPORT workers are for Linux servers")
def test_when_the_first_process_is_killed_its_workers_free_the_port_and_a_restart_serves_alone(tmp_path):
    """What systemd's Restart=always does after a SIGKILL: the old workers must not keep the port."""
    gk, port = Gongkai(tmp_path), _free_port()
    first = _start_two(tmp_path, gk, port)
    try:
        assert _wait_for(lambda: len(_pids_answering(port, 10)) == 2)
        (worker,) = _pids_answering(port) - {first.pid}
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        killed = time.monotonic()
        assert _wait_for(lambda: not _alive(worker), 5), "the orphaned worker stops"
        print(f"orphaned worker gone {time.monotonic() - killed:.2f} s after the first process was killed")
        assert _healthz_pid(port) is None, "nothing old answers on the port"
        again = _start_two(tmp_path, gk, port)
        try:
            assert _wait_for(lambda: len(_pids_answering(port, 10)) == 2), "the restarted service answers"
            assert _pids_answering(port).isdisjoint({first.pid, worker})
        finally:
            again.terminate()
            again.wait(timeout=20)
    finally:
        if first.poll() is None:
            first.kill()
    assert "Traceback" not in again.stdout.read()


def test_a_serving_process_does_not_load_the_document_libraries_until_a_document_is_asked_for():
    """python-docx with lxml, openpyxl with numpy, and Alembic with Mako are some 40 MB of every serving process's memory
    (issue 10 §8: ≤ 120 MB); merges brought their imports back to module level unnoticed."""
    code = ("import sys, bot.app, bot.commands.serve, console.app, scheduler.service; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'openpyxl', 'numpy', 'lxml', 'alembic', 'mako'}))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[1]).stdout.strip()
    assert loaded == "[]"
