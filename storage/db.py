"""Engine and sessions for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

from sqlalchemy import Engine, Executable, create_engine, event
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine


def normalize_url(url: str) -> str:
    """Accept plain postgresql:// URLs as operators write them; we always drive asyncpg."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets readers run beside the writer; busy_timeout waits for a lock instead of failing at once.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA foreign_keys=ON")
    # Not synchronous=NORMAL, although WAL would keep the file sound with it: NORMAL can lose the last
    # commits on a power cut, and those are registered applications whose numbers a citizen was told.
    # The webhook's hot path only reads (QuickReads), so the fsync per commit costs it nothing.
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def make_engine(url: str, **kwargs) -> AsyncEngine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)


def is_postgres(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "postgresql"


class QuickReads:
    """Small indexed reads on the per-message path (one row by key), as fast as each database allows.

    aiosqlite runs every statement on its own thread, and the hops there and back (several per statement
    through SQLAlchemy) cost about a millisecond, against some fifty microseconds for the read itself.
    So on a SQLite file these reads run synchronously on the event loop's thread, on a connection of
    their own: in WAL mode a reader never waits for the writer, so the loop is held only for the read.
    PostgreSQL (asyncpg is natively async) and in-memory SQLite use the async engine. The reading
    connection is pooled (opening one costs ten reads) and closed with this object.
    """

    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        url = engine.url
        on_file = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
        self._sync: Engine | None = None
        if on_file:
            self._sync = create_engine(url.set(drivername="sqlite+pysqlite"))
            event.listen(self._sync, "connect", _sqlite_pragmas)

    async def one(self, statement: Executable, params: dict | None = None) -> Row:
        if self._sync is not None:
            with self._sync.connect() as conn:
                return conn.execute(statement, params).one()
        async with self.engine.connect() as conn:
            return (await conn.execute(statement, params)).one()
