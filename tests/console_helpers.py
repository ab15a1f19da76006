"""A real `gongkai serve` on 127.0.0.1 for console tests, with accounts made by the real CLI."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

from tests.cli_helpers import Gongkai

PASSWORDS = {"clerk": "clerk-password-1", "approver": "approver-password-1", "admin": "admin-password-1"}
USERS = {"王芳": "clerk", "李主任": "approver", "管理员": "admin"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def add_users(gk: Gongkai) -> None:
    for name, role in USERS.items():
        proc = subprocess.run([sys.executable, "-m", "bot.cli", "user", "add", name, "--role", role, "--password-stdin"],
                              input=PASSWORDS[role] + "\n", env=gk.env, cwd=gk.cwd, capture_output=True, text=True,
                              timeout=60)
        assert proc.returncode == 0, proc.stderr


@contextmanager
def served(gk: Gongkai):
    """`gongkai serve` on a free port; yields its base URL and stops it afterwards."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=gk.env, cwd=gk.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("gongkai serve did not start: " + proc.stderr.read().decode()[-2000:]) from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def shots_dir(name: str) -> str:
    """A fresh folder for one run's screenshots, outside the repository."""
    path = os.path.join("/tmp/gongkai-console-shots", name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path
