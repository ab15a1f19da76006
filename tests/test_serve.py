"""The README's first command: the service starts on the embedded default and answers /healthz."""

import socket
import subprocess
import sys
import time
import urllib.request

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
