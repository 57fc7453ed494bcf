"""Which schema a journal file is at, read through the driver alone.

Opening a journal that is already current is the common case, and it needs no
sqlite-utils: the names of the applied migrations are read here and compared with the
ones this version knows. Only a journal that is new, older or foreign goes on to
`migrations`, which imports sqlite-utils to check and migrate it.
"""

from __future__ import annotations

# Every migration in `migrations`, oldest first (a test keeps the two lists equal).
KNOWN = (
    "m001_initial", "m002_interview_state", "m003_goals_and_actions",
    "m004_people_contracts_attendees", "m005_import_sources", "m006_private_agreed_versions",
    "m007_search_and_redaction", "m008_answers_kept_private", "m009_sync_base",
    "m010_tags_in_one_form", "m011_front_matter_kept", "m012_vault_records",
    "m013_index_only_on_indexed_changes", "m014_newest_first_index",
)


def is_current(conn) -> bool:
    """Whether the journal behind `conn` has exactly the migrations this version knows.

    Anything unexpected (no migrations table, a file that is not a database) is "not
    known to be current", for the full check to explain."""
    try:
        rows = conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?"
                            " ORDER BY rowid", ["reflect"]).fetchall()
    except Exception:  # noqa: BLE001 - the full check words every failure
        return False
    return tuple(name for (name,) in rows) == KNOWN
