"""The demo's SQLite settings. Only the demo uses SQLite; production and the tests use PostgreSQL."""


def sqlite_options(*, busy_timeout_ms: int) -> dict:
    """OPTIONS for Django's SQLite backend when the web server and the Celery worker write to one file.

    WAL lets readers carry on while one connection writes; the busy timeout makes a writer wait for the
    lock rather than fail at once with "database is locked"; IMMEDIATE takes the write lock when a
    transaction begins, so two transactions never both read and then fail on upgrading to write (which
    SQLite refuses at once, whatever the timeout).
    """
    return {
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={busy_timeout_ms};",
        "transaction_mode": "IMMEDIATE",
        "timeout": busy_timeout_ms / 1000,
    }
