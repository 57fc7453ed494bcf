"""trust/files, the one owner of file safety: modes, whole-or-nothing writes, clean-up."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reflect.trust import files


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def folder(tmp_path):
    """An empty folder of the test's own (tmp_path also holds the isolated home)."""
    made = tmp_path / "work"
    made.mkdir()
    return made


@pytest.fixture(autouse=True)
def open_umask():
    """A umask that would leave files world-readable, to show that ours are not."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_create_private_makes_an_owner_only_file_and_never_overwrites(folder):
    path = folder / "new.txt"
    files.create_private(path, b"first")
    assert mode(path) == 0o600 and path.read_bytes() == b"first"
    with pytest.raises(FileExistsError):
        files.create_private(path, b"second")
    assert path.read_bytes() == b"first"


def test_write_atomic_replaces_the_whole_file_owner_only(folder):
    path = folder / "settings.yaml"
    path.write_text("old")
    os.chmod(path, 0o644)
    files.write_atomic(path, b"new")
    assert path.read_bytes() == b"new" and mode(path) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == ["settings.yaml"]


def test_a_failed_atomic_write_keeps_the_old_file_and_leaves_no_temp_file(folder,
                                                                          monkeypatch):
    path = folder / "settings.yaml"
    path.write_text("old")

    def disk_full(source, dest):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", disk_full)
    with pytest.raises(OSError):
        files.write_atomic(path, b"new")
    assert path.read_text() == "old"
    assert sorted(p.name for p in folder.iterdir()) == ["settings.yaml"]


def test_private_umask_makes_what_is_created_meanwhile_owner_only(folder):
    with files.private_umask():
        (folder / "made.txt").write_text("x")
        (folder / "folder").mkdir()
    assert mode(folder / "made.txt") == 0o600 and mode(folder / "folder") == 0o700
    (folder / "after.txt").write_text("x")
    assert mode(folder / "after.txt") == 0o644  # the umask is given back


def test_staging_folders_are_private_and_only_reflects_own_are_removed(folder):
    out = folder / "vault"
    staging = files.staging_folder(out)
    assert staging.parent == folder and staging.name.startswith(".vault-")
    assert mode(staging) == 0o700
    (staging / "note.md").write_text("half an export")
    other = files.staging_folder(folder / "vault-two")  # staging for another target
    (folder / ".vault-archive").mkdir()  # the user's own, named like staging
    (folder / ".vault-archive" / "2019.md").write_text("kept for years")
    (folder / ".vault-leftover").write_text("a file, not a staging folder")
    files.remove_staging(out)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [".vault-archive", ".vault-leftover", other.name])
    assert (folder / ".vault-archive" / "2019.md").read_text() == "kept for years"


def test_a_private_temp_folder_is_removed_even_after_an_error():
    with pytest.raises(KeyboardInterrupt), files.private_temp_folder() as folder:
        assert mode(folder) == 0o700
        (folder / "draft.md").write_text("private words")
        raise KeyboardInterrupt
    assert not folder.exists()


def test_copy_private_copies_bytes_owner_only_and_never_overwrites(folder):
    source = folder / "journal.db"
    source.write_bytes(b"\x00journal bytes")
    os.chmod(source, 0o644)
    files.copy_private(source, folder / "kept.bak")
    assert (folder / "kept.bak").read_bytes() == b"\x00journal bytes"
    assert mode(folder / "kept.bak") == 0o600
    with pytest.raises(FileExistsError):
        files.copy_private(source, folder / "kept.bak")


def test_replace_moves_in_one_step(folder):
    (folder / "new").write_text("new")
    (folder / "journal.db").write_text("old")
    files.replace(folder / "new", folder / "journal.db")
    assert sorted(p.name for p in folder.iterdir()) == ["journal.db"]
    assert (folder / "journal.db").read_text() == "new"


def test_unused_finds_a_free_name_beside_taken_ones(folder):
    (folder / "b.bak").write_text("")
    (folder / "b.bak-2").write_text("")
    assert files.unused(folder / "b.bak") == folder / "b.bak-3"
    assert files.unused(folder / "free.bak") == folder / "free.bak"


def test_stamps_name_backups_by_the_second():
    assert len(files.stamp()) == len("20261129-231500") and files.stamp()[8] == "-"


def test_private_folders_are_made_0700_and_folders_already_there_keep_their_mode(folder):
    os.chmod(folder, 0o755)
    files.ensure_private_dir(folder / "a" / "b")
    assert mode(folder / "a") == 0o700 and mode(folder / "a" / "b") == 0o700
    assert mode(folder) == 0o755  # the user's own folder is left as it was
    (folder / "taken").write_text("a file")
    from reflect.settings.errors import JournalError

    with pytest.raises(JournalError, match="is not a folder"):
        files.ensure_private_dir(folder / "taken")
