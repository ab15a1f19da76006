"""Slow clients cost nothing after a few seconds: `gongkai serve` on 127.0.0.1, raw sockets.

Measured: how long hundreds of slow requests (a body promised and never sent, a head never finished,
no signature) keep their connections open, whether a genuine message is answered meanwhile, and what
connections beyond service.max_connections get.
"""

import selectors
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlencode

import pytest

from bot.wechat_sim import WeChatSigner, text_xml
from tests.cli_helpers import Gongkai
from tests.test_serve import _free_port, _wait_for

BODY_TIMEOUT = 2.0  # service.body_timeout_seconds for this server
HEAD_TIMEOUT = 5.0  # service.request_timeout_seconds: longer, so the connections filling the bound stay
MAX_CONNECTIONS = 350
SLACK = 3.0  # a loaded test machine's delay on top of the deadline
SIGNER = WeChatSigner("gongkai-dev-token")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("slow")
    config = tmp / "limits.toml"
    config.write_text(f"[service]\nrequest_timeout_seconds = {HEAD_TIMEOUT}\nbody_timeout_seconds = {BODY_TIMEOUT}\n"
                      f"max_connections = {MAX_CONNECTIONS}\n")
    port = _free_port()
    gk = Gongkai(tmp, extra_env={"GONGKAI_CONFIG": str(config)})
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--port", str(port)], env=gk.env, cwd=tmp,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: _healthy(port), 60), "the service starts"
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
            return True
    except OSError:
        return False


def _head(query: dict, length: int = 1000) -> bytes:
    return (f"POST /wechat?{urlencode(query)} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def _open(port: int, count: int, first_bytes) -> list[socket.socket]:
    sockets = []
    for n in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(first_bytes(n))
        sock.setblocking(False)
        sockets.append(sock)
    return sockets


def _until_closed(sockets: list[socket.socket], within: float) -> tuple[dict, float | None]:
    """Read every socket until the server closes it: each one's first bytes, and when the last closed
    (seconds from now), or None if some were still open after `within`."""
    start, answers, last = time.monotonic(), {}, 0.0
    with selectors.DefaultSelector() as selector:
        for sock in sockets:
            selector.register(sock, selectors.EVENT_READ)
        open_count = len(sockets)
        while open_count and time.monotonic() - start < within:
            for key, _ in selector.select(timeout=0.1):
                try:
                    data = key.fileobj.recv(4096)
                except ConnectionResetError:
                    data = b""
                answers[key.fileobj] = answers.get(key.fileobj, b"") + data
                if not data:
                    selector.unregister(key.fileobj)
                    key.fileobj.close()
                    open_count, last = open_count - 1, time.monotonic() - start
    for sock in sockets:
        sock.close()
    return answers, (last if not open_count else None)


def _status(answer: bytes) -> int | None:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else None


def _genuine_reply_seconds(port: int) -> float:
    query, body = SIGNER.request(text_xml("o-genuine", "申请要多久答复"))
    start = time.monotonic()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/wechat?{urlencode(query)}", data=body, method="POST")
    with urllib.request.urlopen(request, timeout=10) as resp:
        assert "20个工作日" in resp.read().decode()
    return time.monotonic() - start


def test_signed_requests_whose_body_never_comes_are_closed_after_the_body_deadline(server):
    slow = _open(server, 300, lambda n: _head(SIGNER.query()) + b"<xml><To")  # 1,000 bytes promised, 10 sent
    assert _genuine_reply_seconds(server) < 2.0  # meanwhile a genuine message is answered at once
    answers, last = _until_closed(slow, BODY_TIMEOUT + SLACK)
    assert last is not None, "every slow connection closed"
    assert {_status(a) for a in answers.values()} == {408}
    print(f"300 slow bodies: all answered 408, the last closed {last:.2f} s after the genuine reply")


def test_unsigned_requests_are_refused_before_their_body_is_read(server):
    start = time.monotonic()
    unsigned = _open(server, 300, lambda n: _head({"signature": "0" * 40, "timestamp": "1", "nonce": str(n)})
                     + b"<xml><To")
    answers, last = _until_closed(unsigned, SLACK)
    assert last is not None and {_status(a) for a in answers.values()} == {403}
    assert time.monotonic() - start < BODY_TIMEOUT + SLACK


def test_unfinished_heads_are_closed_and_connections_beyond_the_bound_refused(server):
    start = time.monotonic()
    held = _open(server, MAX_CONNECTIONS, lambda n: b"POST /wechat HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    time.sleep(0.5)  # the server has taken them all
    assert time.monotonic() - start < HEAD_TIMEOUT - 1, "the first held connection is still within its deadline"
    beyond = _open(server, 20, lambda n: b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    refused, last_refused = _until_closed(beyond, SLACK)
    assert last_refused is not None and {_status(a) for a in refused.values()} == {503}
    _, last = _until_closed(held, HEAD_TIMEOUT + SLACK)
    assert last is not None, "unfinished heads are closed after request_timeout_seconds"
    assert _genuine_reply_seconds(server) < 2.0
