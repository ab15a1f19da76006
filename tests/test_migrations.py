"""The migrations build exactly the tables the models describe, on SQLite and on PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage import models_chat, models_letters  # noqa: F401  (register their tables on Base.metadata)
from storage.db import make_engine
from storage.models import Base


def _differences(conn):
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return [d for d in compare_metadata(context, Base.metadata) if not _ignored(d)]


def _ignored(diff) -> bool:
    # alembic_version is Alembic's own table, not a model
    return diff[0] == "remove_table" and diff[1].name == "alembic_version"


async def test_models_match_migrations(db_url):
    engine = make_engine(db_url)
    try:
        async with engine.connect() as conn:
            assert await conn.run_sync(_differences) == []
    finally:
        await engine.dispose()


def test_the_open_applications_index_lists_the_open_states():
    from disclosure.states import OPEN_STATES
    from storage.models import OPEN_STATES_SQL
    assert OPEN_STATES_SQL == "state IN (" + ", ".join(f"'{s.value}'" for s in OPEN_STATES) + ")"
