"""The journal's schema, as ordered migrations. Append new ones; never edit a released one."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from reflect.journal.search import answers_text

migrations = Migrations("reflect")
_names: list[str] = []


def migration(fn):
    """Register `fn` as the next migration, in the order of this file."""
    _names.append(fn.__name__)
    return migrations()(fn)


@migration
def m001_initial(db: Database) -> None:
    """People, sessions, tags, answers, and a full-text index kept in sync by triggers."""
    if db["sessions"].exists():
        return
    db["people"].create(
        {"id": int, "name": str, "role": str, "created": str}, pk="id", not_null={"name"}
    )
    # sqlite-utils has no verb for COLLATE NOCASE uniqueness or ON DELETE CASCADE.
    db.execute("CREATE UNIQUE INDEX idx_people_name ON people(name COLLATE NOCASE)")
    db.execute(
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            held_on TEXT NOT NULL,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            role TEXT NOT NULL,
            with_id INTEGER REFERENCES people(id),
            duration INTEGER,
            body TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'final' CHECK (status IN ('draft', 'final')),
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )"""
    )
    db["sessions"].create_index(["held_on"])
    db["tags"].create({"id": int, "name": str}, pk="id", not_null={"name"})
    db.execute("CREATE UNIQUE INDEX idx_tags_name ON tags(name COLLATE NOCASE)")
    db.execute(
        """CREATE TABLE session_tags (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (session_id, tag_id)
        )"""
    )
    db.execute(
        """CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            prompt TEXT NOT NULL,
            value TEXT NOT NULL,
            position INTEGER NOT NULL,
            UNIQUE (session_id, model, prompt)
        )"""
    )
    db["sessions"].enable_fts(["title", "body"], create_triggers=True, tokenize="porter")
    # Deleted or edited text must leave no trace in the index's pages.
    db.execute("INSERT INTO sessions_fts(sessions_fts, rank) VALUES ('secure-delete', 1)")


@migration
def m002_interview_state(db: Database) -> None:
    """Where an unfinished interview stands, so a draft can be resumed."""
    if "interview" not in db["sessions"].columns_dict:
        db["sessions"].add_column("interview", str)



@migration
def m003_goals_and_actions(db: Database) -> None:
    """SMART goals with their reviews, and the lighter agreed actions."""
    if db["goals"].exists():
        return
    db.execute(
        """CREATE TABLE goals (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            specific TEXT NOT NULL DEFAULT '',
            measurable TEXT NOT NULL DEFAULT '',
            achievable TEXT NOT NULL DEFAULT '',
            relevant TEXT NOT NULL DEFAULT '',
            due TEXT,
            function TEXT,
            partner_id INTEGER REFERENCES people(id),
            session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'achieved', 'partly', 'dropped')),
            status_note TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )"""
    )
    db["goals"].create_index(["due"])
    db.execute(
        """CREATE TABLE goal_reviews (
            id INTEGER PRIMARY KEY,
            goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
            reviewed_on TEXT NOT NULL,
            progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
            note TEXT NOT NULL DEFAULT '',
            evidence TEXT,
            created TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE actions (
            id TEXT PRIMARY KEY,
            what TEXT NOT NULL,
            who_id INTEGER REFERENCES people(id),
            due TEXT,
            done_on TEXT,
            session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
            created TEXT NOT NULL
        )"""
    )



@migration
def m004_people_contracts_attendees(db: Database) -> None:
    """Teams, several attendees per session, the issue an action learning set heard, and
    versioned supervision contracts."""
    if "team" not in db["people"].columns_dict:
        db["people"].add_column("team", str)
    if "issue_presented" not in db["sessions"].columns_dict:
        db["sessions"].add_column("issue_presented", str)
    if not db["session_people"].exists():
        db.execute(
            """CREATE TABLE session_people (
                session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                person_id INTEGER NOT NULL REFERENCES people(id),
                part TEXT NOT NULL CHECK (part IN ('attendee', 'presenter')),
                PRIMARY KEY (session_id, person_id, part)
            )"""
        )
    if not db["contracts"].exists():
        db.execute(
            """CREATE TABLE contracts (
                id INTEGER PRIMARY KEY,
                person_id INTEGER NOT NULL REFERENCES people(id),
                version INTEGER NOT NULL,
                terms TEXT NOT NULL,
                review_on TEXT,
                created TEXT NOT NULL,
                UNIQUE (person_id, version)
            )"""
        )


@migration
def m005_import_sources(db: Database) -> None:
    """A content hash of where an imported session came from, so imports are idempotent."""
    if "source_hash" not in db["sessions"].columns_dict:
        db["sessions"].add_column("source_hash", str)
        db["sessions"].create_index(["source_hash"])



_FTS_TRIGGERS = (
    "DROP TRIGGER IF EXISTS sessions_ai",
    "DROP TRIGGER IF EXISTS sessions_ad",
    "DROP TRIGGER IF EXISTS sessions_au",
    """CREATE TRIGGER sessions_ai AFTER INSERT ON sessions WHEN new.deleted_at IS NULL BEGIN
      INSERT INTO sessions_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
    END""",
    """CREATE TRIGGER sessions_ad AFTER DELETE ON sessions WHEN old.deleted_at IS NULL BEGIN
      INSERT INTO sessions_fts (sessions_fts, rowid, title, body)
        VALUES ('delete', old.rowid, old.title, old.body);
    END""",
    # One update trigger with both steps in order: SQLite fires separate triggers on the
    # same event newest first, which would add the new text before removing the old.
    """CREATE TRIGGER sessions_au AFTER UPDATE ON sessions BEGIN
      INSERT INTO sessions_fts (sessions_fts, rowid, title, body)
        SELECT 'delete', old.rowid, old.title, old.body WHERE old.deleted_at IS NULL;
      INSERT INTO sessions_fts (rowid, title, body)
        SELECT new.rowid, new.title, new.body WHERE new.deleted_at IS NULL;
    END""",
)


@migration
def m006_private_agreed_versions(db: Database) -> None:
    """Private reflection apart from the record, agreement of the record, earlier versions,
    and deletion that hides a session (and takes its text out of the index) until purged."""
    columns = db["sessions"].columns_dict
    for name in ("private", "deleted_at", "agreed_by", "agreed_on", "agreed_hash"):
        if name not in columns:
            db["sessions"].add_column(name, str, not_null_default="" if name == "private"
                                      else None)
    if not db["session_versions"].exists():
        db.execute(
            """CREATE TABLE session_versions (
                id INTEGER PRIMARY KEY,
                session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                version INTEGER NOT NULL,
                snapshot TEXT NOT NULL,
                created TEXT NOT NULL,
                UNIQUE (session_id, version)
            )"""
        )
    # Hidden (deleted) sessions leave the full-text index; undelete puts them back.
    for statement in _FTS_TRIGGERS:
        db.execute(statement)



_SEARCH_COLUMNS = ("title", "body", "private", "answers_text", "goals_text")


def _search_triggers() -> tuple[str, ...]:
    cols = ", ".join(_SEARCH_COLUMNS)
    old = ", ".join(f"old.{c}" for c in _SEARCH_COLUMNS)
    new = ", ".join(f"new.{c}" for c in _SEARCH_COLUMNS)
    return (
        "DROP TRIGGER IF EXISTS sessions_ai",
        "DROP TRIGGER IF EXISTS sessions_ad",
        "DROP TRIGGER IF EXISTS sessions_au",
        f"""CREATE TRIGGER sessions_ai AFTER INSERT ON sessions WHEN new.deleted_at IS NULL
        BEGIN INSERT INTO sessions_fts (rowid, {cols}) VALUES (new.rowid, {new}); END""",
        f"""CREATE TRIGGER sessions_ad AFTER DELETE ON sessions WHEN old.deleted_at IS NULL
        BEGIN INSERT INTO sessions_fts (sessions_fts, rowid, {cols})
          VALUES ('delete', old.rowid, {old}); END""",
        f"""CREATE TRIGGER sessions_au AFTER UPDATE ON sessions BEGIN
          INSERT INTO sessions_fts (sessions_fts, rowid, {cols})
            SELECT 'delete', old.rowid, {old} WHERE old.deleted_at IS NULL;
          INSERT INTO sessions_fts (rowid, {cols})
            SELECT new.rowid, {new} WHERE new.deleted_at IS NULL;
        END""",
    )


@migration
def m007_search_and_redaction(db: Database) -> None:
    """Search over every text answer and goal as well as the note, and the list of names
    that exports with --redact must replace."""
    columns = db["sessions"].columns_dict
    for name in ("answers_text", "goals_text"):
        if name not in columns:
            db["sessions"].add_column(name, str, not_null_default="")
    _fill_search_text(db)
    for statement in _search_triggers()[:3]:
        db.execute(statement)
    db.execute("DROP TABLE IF EXISTS sessions_fts")
    db.execute(f"""CREATE VIRTUAL TABLE sessions_fts USING fts5(
        {", ".join(_SEARCH_COLUMNS)}, tokenize='porter', content='sessions')""")
    db.execute("INSERT INTO sessions_fts(sessions_fts, rank) VALUES ('secure-delete', 1)")
    for statement in _search_triggers()[3:]:
        db.execute(statement)
    db.execute(f"""INSERT INTO sessions_fts (rowid, {", ".join(_SEARCH_COLUMNS)})
        SELECT rowid, {", ".join(_SEARCH_COLUMNS)} FROM sessions WHERE deleted_at IS NULL""")
    if not db["redact_names"].exists():
        db.execute("""CREATE TABLE redact_names (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            created TEXT NOT NULL
        )""")
        db.execute("CREATE UNIQUE INDEX idx_redact_names ON redact_names(name COLLATE NOCASE)")


@migration
def m008_answers_kept_private(db: Database) -> None:
    """The answers a person chose to keep private when giving them ("model.prompt", as a
    JSON list), beside the prompts that are private by their prompt set."""
    if "private_answers" not in db["sessions"].columns_dict:
        db["sessions"].add_column("private_answers", str, not_null_default="[]")


@migration
def m009_sync_base(db: Database) -> None:
    """Per session, the hashes of its content as last exported or imported (the sync base,
    JSON: {"shared": ..., "full": ...}), so an import can tell which side changed."""
    if "sync_base" not in db["sessions"].columns_dict:
        db["sessions"].add_column("sync_base", str)


@migration
def m010_tags_in_one_form(db: Database) -> None:
    """Tags in one form (`normal_tag`: "#Court work" -> "court-work"); two tags that become
    the same are merged, keeping every session's link."""
    from reflect.settings.vocabulary import normal_tag

    for tag_id, name in db.execute("SELECT id, name FROM tags ORDER BY id").fetchall():
        normal = normal_tag(name)
        if normal == name:
            continue
        same = db.execute("SELECT id FROM tags WHERE name = ? COLLATE NOCASE AND id != ?",
                          [normal, tag_id]).fetchone()
        if same:
            db.execute("INSERT OR IGNORE INTO session_tags (session_id, tag_id)"
                       " SELECT session_id, ? FROM session_tags WHERE tag_id = ?",
                       [same[0], tag_id])
            db.execute("DELETE FROM session_tags WHERE tag_id = ?", [tag_id])
            db.execute("DELETE FROM tags WHERE id = ?", [tag_id])
        elif normal:
            db.execute("UPDATE tags SET name = ? WHERE id = ?", [normal, tag_id])


@migration
def m011_front_matter_kept(db: Database) -> None:
    """Front matter keys reflect does not own (Obsidian's `aliases`, `cssclasses` ...), as
    a JSON object per session, so the next export writes them back."""
    if "front_matter" not in db["sessions"].columns_dict:
        db["sessions"].add_column("front_matter", str, not_null_default="{}")


@migration
def m012_vault_records(db: Database) -> None:
    """What carries goals, people, actions and deletions between machines: each record's
    sync base per copy (sessions keep theirs in `sessions.sync_base`), tombstones of
    records deleted for good or renamed (a kind, a key and a time, no text), and copies
    kept from a sync conflict."""
    if not db["sync_bases"].exists():
        db.execute("""CREATE TABLE sync_bases (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            base TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (kind, key)
        )""")
    if not db["tombstones"].exists():
        db.execute("""CREATE TABLE tombstones (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            deleted_at TEXT NOT NULL,
            became TEXT,
            PRIMARY KEY (kind, key)
        )""")
    if not db["kept_copies"].exists():
        db.execute("""CREATE TABLE kept_copies (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            copy TEXT NOT NULL,
            source TEXT NOT NULL,
            kept_at TEXT NOT NULL,
            UNIQUE (kind, key, copy)
        )""")


@migration
def m013_index_only_on_indexed_changes(db: Database) -> None:
    """The search index follows a session only when a column it indexes changes (or the
    session is deleted or undeleted): a new sync base or stamp no longer rewrites the
    session's entry, which made large imports and syncs slow."""
    cols = ", ".join(_SEARCH_COLUMNS)
    old = ", ".join(f"old.{c}" for c in _SEARCH_COLUMNS)
    new = ", ".join(f"new.{c}" for c in _SEARCH_COLUMNS)
    db.execute("DROP TRIGGER IF EXISTS sessions_au")
    db.execute(f"""CREATE TRIGGER sessions_au AFTER UPDATE OF {cols}, deleted_at ON sessions
        BEGIN
          INSERT INTO sessions_fts (sessions_fts, rowid, {cols})
            SELECT 'delete', old.rowid, {old} WHERE old.deleted_at IS NULL;
          INSERT INTO sessions_fts (rowid, {cols})
            SELECT new.rowid, {new} WHERE new.deleted_at IS NULL;
        END""")


@migration
def m014_newest_first_index(db: Database) -> None:
    """Sessions listed newest first (held_on, then created, then rowid, all descending)
    read an index backwards: `list -n 10` reads ten rows, not the whole table and a sort.
    It covers what the held_on index did, which goes."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_sessions_newest ON sessions (held_on, created)")
    db.execute("DROP INDEX IF EXISTS idx_sessions_held_on")


def _fill_search_text(db: Database) -> None:
    import json

    texts: dict[str, dict] = {}
    for session_id, model, prompt, value in db.execute(
            "SELECT session_id, model, prompt, value FROM answers ORDER BY position"):
        texts.setdefault(session_id, {}).setdefault(model, {})[prompt] = json.loads(value)
    for session_id, answers in texts.items():
        db.execute("UPDATE sessions SET answers_text = ? WHERE id = ?",
                   [answers_text(answers), session_id])
    for session_id, text in db.execute(
            "SELECT session_id, group_concat(title || ' ' || specific || ' ' || measurable || "
            "' ' || achievable || ' ' || relevant, char(10)) FROM goals "
            "WHERE session_id IS NOT NULL GROUP BY session_id").fetchall():
        db.execute("UPDATE sessions SET goals_text = ? WHERE id = ?", [text, session_id])


def known_names() -> list[str]:
    """Every migration this version of reflect knows, oldest first."""
    return list(_names)
