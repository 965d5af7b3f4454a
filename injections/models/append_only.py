"""Tables the database itself keeps append-only (issue 13, item 4): the audit log and
the dose log's revisions. Triggers refuse every UPDATE and DELETE of their rows (and,
on PostgreSQL, a TRUNCATE), whatever code or person sends it; the refusal is an
integrity error on both databases.

Migration 0017 creates them. On SQLite, a later migration that remakes one of these
tables (SQLite's way to alter a column) drops its triggers with the old table: it
must create them again. tests/test_append_only.py checks they are in place.
"""

TABLES = ("injections_auditevent", "injections_doserevision")

_PG_FUNCTION = "medtrack_refuse_change"


def _sqlite_create(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op} refused'); END"
        for op in ("UPDATE", "DELETE")
    ]


def _postgresql_create(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {_PG_FUNCTION}()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {_PG_FUNCTION}()",
    ]


PG_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {_PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$
"""


def create_statements(vendor: str) -> list[str]:
    """The SQL that makes TABLES append-only on this database vendor."""
    if vendor == "sqlite":
        return [sql for table in TABLES for sql in _sqlite_create(table)]
    if vendor == "postgresql":
        return [PG_FUNCTION_SQL] + [sql for table in TABLES for sql in _postgresql_create(table)]
    raise NotImplementedError(f"no append-only triggers for {vendor}")


def drop_statements(vendor: str) -> list[str]:
    """The SQL that removes them again: the migration's reverse, and a test database's
    flush (tests/conftest.py), never the running site."""
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_{op}"
            for table in TABLES
            for op in ("update", "delete")
        ]
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}"
            for table in TABLES
            for name in ("no_change", "no_truncate")
        ] + [f"DROP FUNCTION IF EXISTS {_PG_FUNCTION}()"]
    raise NotImplementedError(f"no append-only triggers for {vendor}")


def trigger_names(vendor: str) -> set[str]:
    if vendor == "sqlite":
        return {f"{table}_no_{op}" for table in TABLES for op in ("update", "delete")}
    return {f"{table}_{name}" for table in TABLES for name in ("no_change", "no_truncate")}
