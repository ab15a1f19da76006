"""The migrations build exactly the tables the models describe, on SQLite and on PostgreSQL."""

from pathlib import Path

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


def test_each_migration_is_named_by_its_revision_and_follows_the_one_before():
    """migrate.head() reads the newest revision off the file names, so that a serving process on an
    up-to-date database never loads Alembic (some 9 MB): the names must say the order Alembic applies."""
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config, head

    scripts = ScriptDirectory.from_config(alembic_config())
    chain = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert chain == [f"{n:04d}" for n in range(1, len(chain) + 1)]
    assert scripts.get_current_head() == head() == chain[-1]
    for script in scripts.walk_revisions():
        assert Path(script.path).name.startswith(script.revision + "_")


async def test_an_up_to_date_database_is_not_migrated_again_and_a_behind_one_is(tmp_path):
    from sqlalchemy import text

    from storage.migrate import head, upgrade

    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'm.db'}")
    try:
        await upgrade(engine, "0004")
        await upgrade(engine)
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar() == head()
        await upgrade(engine)  # at head: nothing to do
    finally:
        await engine.dispose()
