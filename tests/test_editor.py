"""Editor temp files: owner-only in a private folder, and gone afterwards, even on Ctrl-C."""

import os
import stat
import sys
from pathlib import Path

import pytest

from reflect.terminal import editor


def test_the_temp_file_is_private_and_removed(tmp_path, monkeypatch):
    log = tmp_path / "seen.txt"
    script = tmp_path / "ed.py"
    script.write_text(
        "import os, stat, sys\n"
        "path = sys.argv[1]\n"
        "mode = stat.S_IMODE(os.stat(path).st_mode)\n"
        "folder = stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode)\n"
        f"open({str(log)!r}, 'w').write(f'{{path}} {{mode:o}} {{folder:o}}')\n"
        "open(path, 'a').write('added')\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    assert editor.edit_text("start ") == "start added"
    path, mode, folder = log.read_text().split()
    assert (mode, folder) == ("600", "700")
    assert not Path(path).exists() and not Path(path).parent.exists()


def test_the_temp_file_is_removed_on_ctrl_c(monkeypatch):
    seen = {}

    def interrupted(command, **kwargs):
        seen["path"] = Path(command[-1])
        seen["mode"] = stat.S_IMODE(os.stat(command[-1]).st_mode)
        raise KeyboardInterrupt

    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.setattr(editor.subprocess, "run", interrupted)
    with pytest.raises(KeyboardInterrupt):
        editor.edit_text("private words")
    assert seen["mode"] == 0o600
    assert not seen["path"].exists() and not seen["path"].parent.exists()
