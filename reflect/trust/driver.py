"""The SQLite driver: `sqlcipher3` for every journal, plain or encrypted.

sqlcipher3's wheels bundle a current SQLite (FTS5 `secure-delete` needs >= 3.42) and
SQLCipher. sqlite-utils only knows the standard library's driver or `pysqlite3`, so this
module registers sqlcipher3 under that name. It must run before sqlite-utils is first
imported, so `reflect.journal`'s `__init__` imports it: only the journal package imports
sqlite-utils, and its `__init__` runs before any of its modules.
It lives in `trust/` because sqlcipher3 is the driver for the sake of encryption at rest.
"""

from __future__ import annotations

import sys

import sqlcipher3
from sqlcipher3 import dbapi2

sys.modules["pysqlite3"] = sqlcipher3
sys.modules["pysqlite3.dbapi2"] = dbapi2

DatabaseError = dbapi2.DatabaseError
OperationalError = dbapi2.OperationalError
IntegrityError = dbapi2.IntegrityError
connect = sqlcipher3.connect
sqlite_version = sqlcipher3.sqlite_version

BUSY_TIMEOUT_MS = 5000  # how long a command waits for another one's write lock
