"""Engine and sessions for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

import asyncio
import weakref
from collections import namedtuple

from sqlalchemy import Select, event
from sqlalchemy.exc import MultipleResultsFound, NoResultFound
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
    # A database error quotes the statement's parameters: names and request texts, in clear. Never.
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def writers(engine: AsyncEngine) -> asyncio.Lock | None:
    """For a SQLite file: a queue for this process's long write transactions (a WeChat message's).

    SQLite lets one connection write at a time; the others poll for the lock (busy_timeout) with sleeps
    that grow to 100 ms, so under a burst the lock sits idle between writers and the last of 50 messages
    waited past the timeout. Queued here, each takes the lock as the one before lets it go. Other
    processes' writers still wait through busy_timeout.
    """
    return asyncio.Lock() if engine.dialect.name == "sqlite" else None


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    return async_sessionmaker(engine, expire_on_commit=False)


class _Prepared:
    """A statement compiled once for SQLite: its SQL text, where each parameter goes, how each column reads.

    Binding values in positional order and converting results with the dialect's own processors is what
    SQLAlchemy does per execution; doing the bookkeeping once leaves the read itself (some 30 µs).
    """

    def __init__(self, statement: Select, dialect):
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        binds = compiled._bind_processors
        # Each slot: the caller's parameter name, or a value fixed in the statement (a literal).
        self.slots = [(name, None, binds.get(name)) if compiled.binds[name].required
                      else (None, compiled.binds[name].effective_value, binds.get(name))
                      for name in compiled.positiontup]
        columns = statement.selected_columns
        self.row = namedtuple("QuickRow", [c.key for c in columns])
        self.readers = [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns]

    def parameters(self, params: dict) -> tuple:
        values = []
        for name, fixed, process in self.slots:
            value = params[name] if name is not None else fixed
            values.append(process(value) if process else value)
        return tuple(values)

    def read(self, raw: tuple):
        return self.row._make([read(v) if read else v for read, v in zip(self.readers, raw, strict=True)])


class QuickReads:
    """Small indexed reads on the per-message path (one row by key), as fast as each database allows.

    aiosqlite runs every statement on its own thread, and the hops there and back (several per statement
    through SQLAlchemy) cost about a millisecond, against some thirty microseconds for the read itself;
    SQLAlchemy's per-execution work (parameters, result rows) costs several times the read again. So on a
    SQLite file these reads run synchronously on the event loop's thread, on a sqlite3 connection of their
    own kept open, with each statement compiled once (_Prepared): in WAL mode a reader never waits for the
    writer, and outside a transaction each SELECT sees the latest commit. Rows come back as named tuples
    with the same values SQLAlchemy would give. PostgreSQL (asyncpg is natively async) and in-memory SQLite
    use the async engine. The connection closes with this object.
    """

    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        url = engine.url
        on_file = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
        self._conn = None
        self._prepared: dict[int, tuple[Select, _Prepared]] = {}
        if on_file:
            sync_url = url.set(drivername="sqlite+pysqlite")
            dialect_class = sync_url.get_dialect()
            self._dialect = dialect_class(dbapi=dialect_class.import_dbapi())
            args, kwargs = self._dialect.create_connect_args(sync_url)
            self._conn = self._dialect.connect(*args, **kwargs)
            self._conn.isolation_level = None  # autocommit: no read transaction outlives its SELECT
            _sqlite_pragmas(self._conn, None)
            weakref.finalize(self, self._conn.close)

    async def one(self, statement: Select, params: dict | None = None):
        if self._conn is None:
            async with self.engine.connect() as conn:
                return (await conn.execute(statement, params)).one()
        prepared = self._prepare(statement)
        rows = self._conn.execute(prepared.sql, prepared.parameters(params or {})).fetchmany(2)
        if len(rows) != 1:
            raise (NoResultFound if not rows else MultipleResultsFound)("expected exactly one row")
        return prepared.read(rows[0])

    def _prepare(self, statement: Select) -> _Prepared:
        # Keyed by identity (statements are prebuilt module constants); the statement is kept so its id
        # is never reused by another object.
        found = self._prepared.get(id(statement))
        if found is None:
            found = self._prepared[id(statement)] = (statement, _Prepared(statement, self._dialect))
        return found[1]
