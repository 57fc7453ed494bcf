"""What the shell offers at Tab: session, goal and action ids, people's names, model ids
and tags, from the journal the command line names (or the default one).

Each completer is quick and harmless: it reads through `reflect.journal.peek` (read-only,
no migration, never a passphrase; an encrypted journal offers nothing, so only commands
and options complete), and model ids are the prompt files' names, not their contents.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from reflect.journal import peek
from reflect.settings import paths


def _journal(ctx) -> Path:
    root = ctx.find_root() if ctx is not None else None
    given = root.params.get("journal") if root is not None else None
    return paths.journal_path(Path(given) if given else None)


def _ids(kind: str):
    def complete(ctx, incomplete: str) -> list[tuple[str, str]]:
        return peek.ids(_journal(ctx), kind, incomplete)
    complete.__name__ = f"{kind}_ids"
    return complete


session_ids = _ids("session")
deleted_session_ids = _ids("deleted")
draft_ids = _ids("draft")
goal_ids = _ids("goal")
action_ids = _ids("action")


def people(ctx, incomplete: str) -> list[str]:
    return peek.names(_journal(ctx), incomplete)


def tags(ctx, incomplete: str) -> list[str]:
    return peek.tags(_journal(ctx), incomplete)


def models(ctx, incomplete: str) -> list[str]:
    """Built-in and the user's own prompt sets, by file name (the model id)."""
    found = {entry.name.rsplit(".", 1)[0] for entry in
             resources.files("reflect.prompts").iterdir() if entry.name.endswith(".yaml")}
    folder = paths.user_prompts_dir()
    if folder.is_dir():
        found |= {p.stem for p in folder.glob("*.yaml")}
    return sorted(m for m in found if m.startswith(incomplete))


_BASH_SPECIAL = set(" \t\n'\"\\$`!&;|<>(){}[]*?~#")


def _inside_quotes(line: str) -> bool:
    """Whether the line being completed ends inside a quote the person opened."""
    import shlex

    try:
        shlex.split(line)
    except ValueError:  # no closing quotation
        return True
    return False


def _joined_at_equals(words: list[str]) -> list[str]:
    """bash breaks `--journal=FILE` into `--journal`, `=` and `FILE`; put it back."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1].startswith("--") and (
                word == "=" or (joined[-1].endswith("=") and "=" not in joined[-1][:-1])):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _zsh(text: str) -> str:
    """Text for a double-quoted value in the `_arguments` spec that zsh's eval reads from
    inside single quotes: a quote closed, escaped and reopened; ", $, ` and : escaped."""
    for plain, escaped in (("\\", "\\\\"), ('"', '\\"'), ("$", "\\$"), ("`", "\\`"),
                           (":", "\\:"), ("'", "'\\''")):
        text = text.replace(plain, escaped)
    return text


def quote_for_shells() -> None:
    """Shells get values they can take back: bash a name with its spaces and quotes
    escaped (Typer gives it bare, so `Sam Jones` became two words), zsh a quote inside a
    value closed and reopened (Typer's doubled quote is no escape in zsh, so `O'Brien`
    lost its quote). Registered only while completing."""
    try:
        from typer._click.shell_completion import add_completion_class
        from typer._completion_classes import BashComplete, ZshComplete
    except ImportError:  # pragma: no cover - another Typer: its own quoting stays
        return

    class Bash(BashComplete):
        def get_completion_args(self):
            args, incomplete = super().get_completion_args()
            return _joined_at_equals(args), incomplete

        def format_completion(self, item) -> str:
            if _inside_quotes(os.environ.get("COMP_WORDS", "")):  # bash closes the quote
                return item.value
            return "".join(f"\\{c}" if c in _BASH_SPECIAL else c for c in item.value)

    class Zsh(ZshComplete):
        def format_completion(self, item) -> str:
            value = f'"{_zsh(item.value)}"'
            return f"{value}:\"{_zsh(' '.join(item.help.split()))}\"" if item.help else value

    add_completion_class(Bash, "bash")
    add_completion_class(Zsh, "zsh")
