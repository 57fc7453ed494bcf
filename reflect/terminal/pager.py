"""The pager: text longer than the screen goes through the user's pager, as git does.

Only on a terminal: piped output is never paged. The pager is `$PAGER`, else
`less -FRX` (quit at once if the text fits, keep colours, leave the text on the screen);
an empty `$PAGER` or `cat` means none, and so does `--no-pager`. A pager that cannot be
started is not an error: the text is printed as it is.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys

DEFAULT = "less -FRX"
wanted = True  # --no-pager sets it off for the command


def command(environ=os.environ) -> list[str] | None:
    """The pager to run, as words, or None for no pager."""
    chosen = environ.get("PAGER", DEFAULT).strip()
    if not chosen or chosen == "cat":
        return None
    try:
        return shlex.split(chosen)
    except ValueError:  # unbalanced quotes: not a command we can run
        return None


def _fits(text: str) -> bool:
    return text.count("\n") < shutil.get_terminal_size().lines


def page(text: str, paged: bool = True) -> None:
    """`text` (ending with a newline) on stdout, through the pager when it is longer
    than the screen of a terminal (and neither `paged` nor `wanted` is off)."""
    words = command() if paged and wanted and sys.stdout.isatty() else None
    if words is None or _fits(text):
        sys.stdout.write(text)
        return
    import subprocess

    sys.stdout.flush()
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
    try:
        pager = subprocess.Popen(words, stdin=subprocess.PIPE, env=env)
    except OSError:
        sys.stdout.write(text)
        return
    try:
        pager.communicate(text.encode("utf-8", "replace"))
    except (BrokenPipeError, KeyboardInterrupt):  # the reader quit early
        pass
    pager.wait()
