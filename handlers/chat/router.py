"""A small router: async handlers registered by message type, event, menu key or text intent.

    router = Router()

    @router.intent("help")
    async def help_(turn): return "..."

    reply = await router.dispatch(turn)   # str, or None for "nothing to say"

Filters registered with `router.first` see every text before intents do (an open dialogue, staff
commands); the first one returning a reply wins.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from handlers.chat.intents import Intent, classify


class Inbound(NamedTuple):
    """One message from a 公众号 follower, independent of the XML it came in. (A named tuple, as the
    other per-message values: a frozen dataclass takes three times as long to build.)"""

    openid: str
    kind: str  # text, image, voice, video, location, link, event, ...
    create_time: int
    msg_id: str | None = None
    text: str = ""
    event: str = ""
    event_key: str = ""
    media_id: str = ""  # an image's (or other media's) MediaId, for the temporary media download

    @property
    def dedupe_key(self) -> str:
        """WeChat retries carry the same MsgId; events have none, so sender and time identify them."""
        if self.msg_id:
            return f"msg:{self.msg_id}"
        return f"evt:{self.openid}:{self.create_time}:{self.event}"


async def no_claim() -> None:
    """For callers that keep no delivery records (a single in-process turn)."""


async def not_held() -> bool:
    """For the same callers, and deliveries that took no lease: no delivery record is theirs yet."""
    return False


@dataclass
class Turn:
    """What a handler gets: the container, the agency answering, the message and its parsed intent.

    A handler that changes anything (a form step, a registration, a staff action, taking late answers)
    first awaits `claim()`: it takes the delivery's key in the message's one transaction, which every
    unit of work opened afterwards joins, so the change, the key and the reply commit together and a
    retry, on any instance, is never handled again (handlers.chat.message). Read-only answers skip it
    and write nothing. `follower` is what the webhook looked up about the
    sender before dispatch (an open form, late answers waiting), so handlers need not ask again.
    """

    container: object
    agency_code: str
    inbound: Inbound
    intent: Intent | None = None
    notes: list[str] = field(default_factory=list)  # said before the reply (expired dialogue, late answers)
    follower: Any = None
    claim: Callable[[], Awaitable[None]] = no_claim

    @property
    def openid(self) -> str:
        return self.inbound.openid


Handler = Callable[[Turn], Awaitable[str | None]]


class Router:
    def __init__(self):
        self._filters: list[Handler] = []
        self._intents: dict[str, Handler] = {}
        self._events: dict[str, Handler] = {}
        self._clicks: dict[str, Handler] = {}
        self._kinds: dict[str, Handler] = {}

    def _register(self, table: dict, key: str):
        def decorator(fn: Handler) -> Handler:
            table[key] = fn
            return fn
        return decorator

    def first(self, fn: Handler) -> Handler:
        self._filters.append(fn)
        return fn

    def intent(self, name: str):
        return self._register(self._intents, name)

    def event(self, name: str):
        return self._register(self._events, name)

    def click(self, key: str):
        return self._register(self._clicks, key)

    def kind(self, name: str):
        """A message type (image, voice, ...); "*" catches every type without its own handler."""
        return self._register(self._kinds, name)

    async def dispatch(self, turn: Turn) -> str | None:
        inbound = turn.inbound
        if inbound.kind == "text":
            turn.intent = classify(inbound.text)
            for check in self._filters:
                reply = await check(turn)
                if reply is not None:
                    return reply
            return await self._intents.get(turn.intent.name, self._intents["question"])(turn)
        if inbound.kind == "event":
            if inbound.event == "click" and inbound.event_key in self._clicks:
                return await self._clicks[inbound.event_key](turn)
            handler = self._events.get(inbound.event)
            return await handler(turn) if handler else None
        return await self._kinds.get(inbound.kind, self._kinds["*"])(turn)
