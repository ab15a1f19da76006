"""Several `gongkai serve` processes on one port, so a small server's every core answers WeChat.

The first process (the one started by hand or by systemd) binds the port with SO_REUSEPORT and starts
the others as `gongkai serve --worker-of PID`; the kernel spreads connections over all of them. Only the
first runs the scheduler. Nothing is shared in memory: deliveries are claimed in the database, so a retry
that lands on another worker is still handled once. A worker that dies is started again; when the first
process stops, it stops the others.

When the first process dies without stopping them (killed, out of memory), its workers stop at once:
the kernel signals them (PR_SET_PDEATHSIG on Linux; elsewhere they notice within a second), they close
the port and finish the answers in hand. Left running they would keep a port whose scheduler and
keeper are gone, and a restarted service would share it with them. systemd's Restart=always (deploy/)
starts the whole service again.
"""

import asyncio
import ctypes
import logging
import os
import signal
import socket
import sys

log = logging.getLogger(__name__)
RESTART_DELAY = 1.0  # seconds: a worker failing at start must not spin
STOP_GRACE = 10.0  # seconds a worker has to finish its late answers before it is killed
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def reuse_port_supported() -> bool:
    return hasattr(socket, "SO_REUSEPORT") and sys.platform != "win32"


class Workers:
    """The extra worker processes of one `gongkai serve`, kept running until stop()."""

    def __init__(self, count: int, host: str, port: int):
        self.count, self.host, self.port = count, host, port
        self._procs: dict[int, asyncio.subprocess.Process] = {}
        self._keepers: list[asyncio.Task] = []
        self._stopping = False

    async def start(self) -> None:
        for slot in range(self.count):
            self._keepers.append(asyncio.create_task(self._keep(slot)))

    async def _keep(self, slot: int) -> None:
        while not self._stopping:
            proc = self._procs[slot] = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", "serve", "--host", self.host, "--port", str(self.port),
                "--worker-of", str(os.getpid()))
            code = await proc.wait()
            if not self._stopping:
                log.warning("worker %d (pid %d) exited with %s; starting it again", slot, proc.pid, code)
                await asyncio.sleep(RESTART_DELAY)

    async def stop(self) -> None:
        self._stopping = True
        running = [p for p in self._procs.values() if p.returncode is None]
        for proc in running:
            proc.terminate()
        for proc in running:
            try:
                await asyncio.wait_for(proc.wait(), STOP_GRACE)
            except TimeoutError:
                proc.kill()
                await proc.wait()
        for keeper in self._keepers:
            keeper.cancel()
        await asyncio.gather(*self._keepers, return_exceptions=True)


def die_with_parent() -> None:
    """In a worker, first thing: the kernel sends SIGTERM when the process that started it dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


async def watch_parent(parent: int, stop: asyncio.Event) -> None:
    """In a worker: stop when `parent` is gone, even if it died before die_with_parent (or on a system
    without it), since then the worker has been adopted by another process."""
    while os.getppid() == parent:
        await asyncio.sleep(1.0)
    stop.set()


def stop_on_signals(stop: asyncio.Event) -> None:
    """SIGTERM (systemd, the first process stopping its workers) and Ctrl-C both stop gracefully."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
        except NotImplementedError:  # Windows: Ctrl-C still ends `gongkai serve` through KeyboardInterrupt
            return
