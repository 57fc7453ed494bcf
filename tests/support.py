"""Assertions and helpers several test files share."""

from __future__ import annotations

import sys
from pathlib import Path


def assert_one_line_error(result, *words: str) -> str:
    """Exit code 1, one `reflect: error:` line on stderr holding `words`, no traceback.

    `result` is a CliRunner result or a finished subprocess (text mode)."""
    code = result.exit_code if hasattr(result, "exit_code") else result.returncode
    assert code == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("reflect: error: ")
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def all_bytes(path: Path) -> bytes:
    """A file's bytes, or every file's bytes below a folder, in a fixed order."""
    if path.is_file():
        return path.read_bytes()
    return b"".join(p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file())


# SQLCipher's real key derivation takes ~0.2 s per open; the tests need not wait. The count
# is set on the module in the tests' own processes, never through a user's environment.
FAST_KDF_ITER = 1000
SET_FAST_KDF = f"import reflect.trust.cipher as c; c.KDF_ITER = {FAST_KDF_ITER}"


def fast_kdf_reflect(*args: str) -> list[str]:
    """The command line of `reflect ARGS` in a new Python process with the fast KDF."""
    return [sys.executable, "-c", f"{SET_FAST_KDF}; from reflect.cli import main; main()",
            *args]


def indexed_ids(journal, fts_query: str) -> list[str]:
    """Ids of sessions whose text the search index holds for an FTS5 query (deleted
    sessions too: this looks at the index itself, not at what `search` shows)."""
    return [row[0] for row in journal.db.execute(
        "SELECT s.id FROM sessions_fts JOIN sessions s ON s.rowid = sessions_fts.rowid"
        " WHERE sessions_fts MATCH ?", [fts_query])]
