"""What one client can hold of a serving process: a connection, for a few seconds, and only so many.

- A request's head must arrive within service.request_timeout_seconds of the connection opening (or of
  the previous response): aiohttp's keep-alive timer, which runs from the start, closes it otherwise.
- Its body within service.body_timeout_seconds of the head (`body_deadline`): then 408 and the
  connection closed. The webhook checks the signature in the query string before it reads any body.
- A process holds at most service.max_connections; beyond, a connection gets 503 and is closed at once
  (`BoundedSite`), so a flood of slow clients cannot take all of the memory and file descriptors.
"""

import asyncio
import logging

from aiohttp import web

log = logging.getLogger(__name__)
LINGER_SECONDS = 1.0  # after an early answer (a 403 before the body), time for the client to read it
BUSY = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class BodyTimeout(TimeoutError):
    """The request body did not arrive in time."""


def runner_options(settings) -> dict:
    """aiohttp.web.AppRunner's keyword arguments for these limits."""
    return {"keepalive_timeout": settings.get("service", "request_timeout_seconds"), "lingering_time": LINGER_SECONDS}


def body_deadline(seconds: float):
    """Middleware: a body not complete `seconds` after the head fails its reads; the client gets 408."""

    @web.middleware
    async def middleware(request: web.Request, handler):
        if not request.can_read_body:
            return await handler(request)
        timer = asyncio.get_running_loop().call_later(seconds, _expire, request.content)
        try:
            return await handler(request)
        except BodyTimeout:
            log.info("%s %s: body not received within %s s", request.method, request.path, seconds)
            response = web.Response(status=408, text="request body too slow")
            response.force_close()
            return response
        finally:
            timer.cancel()

    return middleware


def _expire(body) -> None:
    if not body.is_eof():
        body.set_exception(BodyTimeout())


class _Busy(asyncio.Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:
        transport.write(BUSY)
        transport.close()


class BoundedSite(web.BaseSite):
    """A TCP site (web.TCPSite's host, port and SO_REUSEPORT) that answers 503 beyond `max_connections`."""

    def __init__(self, runner: web.BaseRunner, host: str, port: int, max_connections: int, *,
                 reuse_port: bool | None = None):
        super().__init__(runner)
        self._host, self._port, self._max, self._reuse_port = host, port, max_connections, reuse_port

    @property
    def name(self) -> str:
        return f"http://{self._host}:{self._port}"

    async def start(self) -> None:
        await super().start()
        server = self._runner.server

        def protocol() -> asyncio.Protocol:
            return _Busy() if len(server.connections) >= self._max else server()

        self._server = await asyncio.get_running_loop().create_server(
            protocol, self._host, self._port, backlog=self._backlog, reuse_port=self._reuse_port)
