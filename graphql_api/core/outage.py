"""Which database errors mean the database cannot be reached right now.

Only these answer 503 with Retry-After: a restart, a fail-over or a lost
network heals by itself and a retry succeeds. Any other database error (a
deadlock, a statement timeout, a malformed query) is a server fault, logged
with its traceback and masked as INTERNAL_SERVER_ERROR; treating it as an
outage would let any caller set off the operators' outage alerts.
"""

from django.db import InterfaceError, OperationalError

RETRY_AFTER_SECONDS = "5"

# PostgreSQL: class 08 (connection exception), the server shutting down or
# starting up (57P01-57P03), and no free connection slot (53300).
POSTGRES_UNAVAILABLE = {"57P01", "57P02", "57P03", "53300"}
# SQLite: the database file cannot be opened or read (primary result codes).
SQLITE_CANTOPEN, SQLITE_IOERR = 14, 10


def is_database_outage(error: BaseException | None) -> bool:
    """Tell a connection-level database failure from any other error."""
    if isinstance(error, InterfaceError):
        return True  # the connection is closed or was never opened
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if hasattr(cause, "sqlstate"):  # psycopg
        sqlstate = cause.sqlstate
        # psycopg raises a client-side error, with no SQLSTATE, only when it
        # cannot connect or has lost the connection.
        return (
            sqlstate is None
            or sqlstate.startswith("08")
            or sqlstate in POSTGRES_UNAVAILABLE
        )
    code = getattr(cause, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_CANTOPEN, SQLITE_IOERR)
    return False
