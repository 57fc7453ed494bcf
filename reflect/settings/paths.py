"""Where things live: the journal, the settings file, user prompt sets and templates.

Every location has an override: `--journal` or `REFLECT_JOURNAL` for the journal,
`REFLECT_CONFIG_DIR` for the settings folder; otherwise the platform's user dirs.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "reflect"


def journal_path(option: Path | None = None) -> Path:
    """The journal file: the `--journal` option, then `REFLECT_JOURNAL`, then the data dir."""
    if option is not None:
        return Path(option).expanduser()
    env = os.environ.get("REFLECT_JOURNAL")
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP) / "journal.db"


def config_dir() -> Path:
    env = os.environ.get("REFLECT_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    return platformdirs.user_config_path(APP)


def config_file() -> Path:
    return config_dir() / "config.yaml"


def user_prompts_dir() -> Path:
    return config_dir() / "prompts"


def user_templates_dir() -> Path:
    return config_dir() / "templates"
