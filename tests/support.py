"""Assertions and helpers several test files share."""

from __future__ import annotations

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
