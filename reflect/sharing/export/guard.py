"""What reflect last wrote into a vault, so that an export never loses a word written there.

Every vault file names its record (a session note its id; a goal, person, contract or
action file its `reflect:` kind and key). Each record's sync base remembers the hash of
its file's bytes as reflect last wrote them (`file:PATH`) and as an import last read them
(`read:PATH`). A file whose bytes match neither was changed in the vault and not taken in
yet: the export refuses to replace or remove it. Words an import does not read (the
sections reflect renders) are kept beside the file instead of being overwritten.
"""

from __future__ import annotations

import re
from pathlib import Path

from reflect.journal.vault import person_key
from reflect.sharing.exchange import ID_PATTERN, RECORD_KEY, rendered_part, sealed
from reflect.sharing.export.markdown import front_matter_of, owns_markdown
from reflect.sharing.export.selection import ExportData
from reflect.sharing.export.vault import Identity
from reflect.sharing.outfiles import Staged, sha
from reflect.trust import files


def identity(data: dict | None) -> Identity | None:
    """The record a vault file's front matter names; None for one that names none (an
    index, a deletion, a note of someone else's)."""
    if not data:
        return None
    kind = data.get(RECORD_KEY)
    if kind is None:
        found = data.get("id")
        return ("session", str(found)) if found and re.fullmatch(ID_PATTERN, str(found)) \
            else None
    key = {"goal": "id", "action": "id", "person": "name", "contract": "person"}.get(kind)
    value = data.get(key) if key else None
    if not isinstance(value, str) or not value:
        return None
    return (kind, person_key(value) if kind in ("person", "contract") else value)


def vault_files(out: Path) -> list[Path]:
    """The markdown files an export may write or remove: everywhere below the folder but
    in hidden folders (a note moved into a folder of the user's own is still reflect's)."""
    return [out / name for name in vault_names(out)]


def vault_names(out: Path) -> list[str]:
    """`vault_files` as paths inside `out` ("goals/x.md")."""
    if not out.is_dir():
        return []
    return [name for name in files.files_below(out) if name.endswith(".md")]


class VaultState:
    """A vault's files before an export writes into it, and what the export would write,
    as hashes: each file is read once for its hash (those the export makes, as it staged
    them), and whether it changes is answered from the hashes; only a file that would
    change is read again, to look inside."""

    def __init__(self, out: Path, tree: Staged):
        self.out, self.tree = out, tree
        self.vault = vault_names(out)
        self.before: dict[str, str] = dict(tree.before)  # name -> hash of the file there now
        for name in self.vault:
            if name not in tree:
                try:
                    self.before[name] = sha((out / name).read_bytes())
                except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                    pass
        self.after = tree.hashes

    def unchanged(self) -> set[str]:
        """The files the export would write as they already are."""
        return {name for name, new in self.after.items() if self.before.get(name) == new}


def written_hashes(state: VaultState, identities: dict[str, Identity]
                   ) -> dict[Identity, dict[str, str]]:
    """Each file's hash as this export writes it into the vault (`identities`: the record
    each holds), to tell later whether the file was changed in the vault."""
    keys = _FileKeys(state.out)
    return {ident: {keys.of(name): state.after[name]}
            for name, ident in identities.items() if name in state.tree}


class _FileKeys:
    """`reflect.sharing.sync.file_key` of the files in `out`, resolving each folder once
    (resolving every file's whole path cost a vault export a second)."""

    def __init__(self, out: Path):
        self.out = out
        self.folders: dict[str, str] = {}

    def of(self, name: str) -> str:
        from reflect.sharing.sync import file_key

        path = self.out / name
        folder, _, _ = name.rpartition("/")
        if folder not in self.folders:
            self.folders[folder] = file_key(path.parent)
        if path.is_symlink():  # resolved to wherever it points
            return file_key(path)
        return f"{self.folders[folder]}/{path.name}"


def changed_in_vault(data: ExportData, state: VaultState) -> list[Path]:
    """Files in the vault that this export would replace or remove and whose words no
    journal step has seen: changed since reflect last wrote them or an import last read
    them (an edit made in the vault and not yet taken in), or never written or read here."""
    changed = []
    for name in state.vault:
        path, old = state.out / name, state.before.get(name)
        if old is None or old == state.after.get(name) or (
                name not in state.tree and not owns_markdown(path)):
            continue
        seen = _seen_hashes(data.journal, path)
        if seen is not None and old not in seen:
            changed.append(path)
    return changed


def unread_changes(data: ExportData, state: VaultState) -> list[Path]:
    """Files this export replaces whose words outside what an import reads (the rendered
    sections, an action's wording) differ from what reflect last wrote there."""
    from reflect.sharing.sync import file_key

    unread = []
    for name in sorted(state.tree):
        path, old_hash = state.out / name, state.before.get(name)
        # the common case, the same bytes: nothing to read, no front matter to parse
        if old_hash is None or old_hash == state.after[name] or path.suffix != ".md" \
                or not path.is_file():
            continue
        old, new = path.read_bytes(), state.tree.read(name)
        state_of = sealed(old.decode("utf-8", errors="replace"))
        if state_of is not None:  # the seal says whether anyone wrote in the rendered part
            if not state_of:
                unread.append(path)
            continue
        ident = identity(front_matter_of(path))
        written = data.journal.vault.base(*ident).get(file_key(path)) if ident else None
        if written and old_hash != written and _outside(old) != _outside(new):
            unread.append(path)
    return unread


def _has(journal, kind: str, key: str) -> bool:
    """Whether the journal holds the record (a deleted session too)."""
    if kind == "session":
        return journal.stamp_of(session_id=key) is not None
    if kind == "goal":
        return journal.goals.updated_of(key) is not None
    if kind == "action":
        return journal.goals.done_on_of(key)[0]
    return journal.vault.person_row(key) is not None


def _seen_hashes(journal, path: Path) -> set[str] | None:
    """The hashes of `path` as reflect wrote it or read it; None for a file that names no
    record, or one deleted here for good (older than its tombstone: the import did not take
    it back); none at all for a record this journal does not have (not taken in)."""
    from reflect.sharing.sync import file_key

    ident = identity(front_matter_of(path))
    if ident is None:
        return None
    kind, key = ident
    if not _has(journal, kind, key):
        buried = journal.vault.tombstone("person" if kind == "contract" else kind, key)
        return None if buried else set()
    base = journal.vault.base(kind, key)
    return {base[k] for k in (file_key(path), file_key(path, read=True)) if base.get(k)}


def _outside(note: bytes) -> str:
    """What of a file an import does not take back (for a file without a seal)."""
    return rendered_part(note.decode("utf-8", errors="replace"))
