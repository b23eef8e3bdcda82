"""Logbook test support: store URLs for SQLite and PostgreSQL, and an empty store.

PostgreSQL comes from ``TPMAP_TEST_PG_URL`` (``.ci/run`` starts a server on
loopback with ``scripts/pg_test_server.sh`` and sets it). Without it the
PostgreSQL variants are skipped, unless ``REQUIRE_POSTGRES=1`` (set by
``.ci/run``), when they fail: the PostgreSQL tests cannot silently vanish.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

BACKENDS = ("sqlite", "postgresql")


def pg_url() -> str | None:
    """Return the test PostgreSQL URL, or None."""
    return os.environ.get("TPMAP_TEST_PG_URL", "").strip() or None


def store_url(backend: str, tmp_path) -> str:
    """Return the URL of an EMPTY store of ``backend`` (tables dropped on PostgreSQL).

    Raises
    ------
    pytest.skip.Exception / pytest.fail.Exception
        PostgreSQL asked for but ``TPMAP_TEST_PG_URL`` unset (fail under
        ``REQUIRE_POSTGRES=1``).
    """
    from logbook import store

    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'logbook.sqlite'}"
    url = pg_url()
    if url is None:
        message = "no PostgreSQL: set TPMAP_TEST_PG_URL (scripts/pg_test_server.sh start DIR)"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"REQUIRE_POSTGRES=1 but {message}", pytrace=False)
        pytest.skip(message)
    store.dispose(url)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url
