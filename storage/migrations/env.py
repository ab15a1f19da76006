"""Alembic environment: runs on the connection storage.migrate hands over."""

from alembic import context

from storage import models_chat, models_letters  # noqa: F401  (register their tables on Base.metadata)
from storage.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
