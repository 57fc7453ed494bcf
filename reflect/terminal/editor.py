"""Long text in the user's editor ($VISUAL, then $EDITOR), through a private temp file."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys

from reflect.settings.errors import BadInput
from reflect.trust.files import create_private, private_temp_folder

FALLBACK_EDITORS = ("nano", "vi")


def editor_command() -> list[str]:
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            return shlex.split(value)
    if not sys.stdin.isatty():  # nano and vi read their keys from a terminal
        raise BadInput("no editor set and no terminal for one",
                       hint="set $EDITOR, or pass the text with --body")
    for name in FALLBACK_EDITORS:
        if shutil.which(name):
            return [name]
    raise BadInput("no editor found", hint="set $EDITOR, or pass the text with --body")


def edit_text(initial: str, suffix: str = ".md") -> str:
    """Open `initial` in the editor and return what was saved.

    The file lives in a private (0700) temp folder, is 0600, and is removed afterwards,
    also when the editor fails or the user presses Ctrl-C.
    """
    command = editor_command()
    with private_temp_folder() as folder:
        path = folder / f"note{suffix}"
        create_private(path, initial.encode("utf-8"))
        try:
            completed = subprocess.run([*command, str(path)])
        except OSError as e:
            raise BadInput(f"cannot start the editor {command[0]!r}: {e.strerror or e}") from e
        if completed.returncode != 0:
            raise BadInput(f"the editor {command[0]!r} exited with code {completed.returncode}")
        return path.read_text(encoding="utf-8")
