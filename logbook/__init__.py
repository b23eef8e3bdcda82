"""The Logbook (แฟ้มบ้านพัฒนาคนไทย): the transactional store of help given.

Field teams record, per household, survey visits, help given, the
development stage reached, households missed by the system and
welfare-subsidy requests (DOMAIN.md §5), and manage each target as a case:
its status with history, assignments to teams and referrals between
agencies (issue 14). Unlike the read-only DuckDB build,
this is data people type in: it lives in a SQLAlchemy store (a SQLite file by
default, PostgreSQL by ``TPMAP_LOGBOOK_URL``) whose schema is managed by
Alembic migrations (``logbook/migrations``).

Modules: :mod:`logbook.models` (tables), :mod:`logbook.store` (engine,
migrations, inserts), :mod:`logbook.records` (validation of one record),
:mod:`logbook.importer` (bulk CSV/XLSX import), :mod:`logbook.cases` (case
statuses, assignments, referrals and corrections read back; bulk
assignment), :mod:`logbook.stats` (progress and case figures, the one place
for them), :mod:`logbook.synthetic` (the default synthetic history).
"""
