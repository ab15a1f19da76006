"""`gongkai serve ARGS…` that kills itself (SIGKILL) at one point of a transaction, through SQLAlchemy's own
event hooks: what a crash there leaves behind is then what the database kept.

    CRASH_AT="INSERT INTO applications" python tests/crash_server.py --port 8080    # right after that statement
    CRASH_AT="committed:UPDATE inbound_messages SET reply" …   # after the commit of the transaction that ran it

A statement is named by how its SQL starts. "committed:" waits until that transaction's connection goes back
to the pool, which is after the commit and before the reply is written to the HTTP response.
"""

import os
import signal
import sys
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bot.cli  # noqa: E402

WHERE = os.environ["CRASH_AT"]
AFTER_COMMIT = WHERE.startswith("committed:")
STATEMENT = WHERE.removeprefix("committed:")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@event.listens_for(Engine, "after_cursor_execute")
def _executed(conn, cursor, statement, parameters, context, executemany) -> None:
    if statement.lstrip().startswith(STATEMENT):
        if not AFTER_COMMIT:
            _die()
        conn.info["crash_armed"] = True


@event.listens_for(Engine, "commit")
def _committing(conn) -> None:
    if conn.info.get("crash_armed"):
        conn.info["crash_committed"] = True


@event.listens_for(Engine, "rollback")
def _rolled_back(conn) -> None:
    conn.info.pop("crash_armed", None)


@event.listens_for(Pool, "checkin")
def _returned(dbapi_connection, record) -> None:
    if record is not None and record.info.get("crash_committed"):
        _die()


sys.exit(bot.cli.main(["serve", *sys.argv[1:]]))
