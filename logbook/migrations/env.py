"""Alembic environment of the Logbook store.

Migrations run on the connection :func:`logbook.store.upgrade` passes in
``config.attributes["connection"]``; with none (the ``alembic`` command line,
e.g. ``alembic -c logbook/alembic.ini revision --autogenerate``) an engine is
made from ``TPMAP_LOGBOOK_URL`` / the default SQLite file.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import settings
from logbook.models import Base

target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    with create_engine(settings.logbook_url()).begin() as own:
        _run(own)
