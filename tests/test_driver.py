"""The journal runs on sqlcipher3, and sqlite-utils knows its exceptions."""

import sqlcipher3
import sqlite_utils.utils
from sqlite_utils import Database

import reflect.journal  # noqa: F401  (registers the driver)


def test_sqlite_utils_uses_sqlcipher3():
    assert sqlite_utils.utils.sqlite3 is sqlcipher3


def test_any_journal_module_registers_the_driver_before_sqlite_utils_loads():
    import subprocess
    import sys

    for module in ("reflect.journal.database", "reflect.journal.migrations",
                   "reflect.journal.connection"):
        code = (f"import {module}, sqlite_utils.utils, sqlcipher3; "
                "print(sqlite_utils.utils.sqlite3 is sqlcipher3)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout
        assert out == "True\n", module


def test_sqlite_utils_operational_error_is_sqlcipher3s():
    assert sqlite_utils.utils.OperationalError is sqlcipher3.dbapi2.OperationalError
    db = Database(memory=True)
    try:
        db.execute("SELECT * FROM no_such_table")
    except sqlite_utils.utils.OperationalError as e:
        assert isinstance(e, sqlcipher3.dbapi2.OperationalError)
    else:
        raise AssertionError("query on a missing table did not fail")


def test_bundled_sqlite_is_new_enough_for_fts5_secure_delete():
    major, minor, _ = (int(p) for p in sqlcipher3.sqlite_version.split("."))
    assert (major, minor) >= (3, 42)
    db = Database(memory=True)
    assert db.execute("PRAGMA cipher_version").fetchone()[0]
