"""Reading and changing settings: config list, get, set."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect.commands.options import Json
from reflect.settings import config, paths
from reflect.terminal import listing, render
from reflect.trust import files
from reflect.trust.files import write_atomic

app = typer.Typer(help="Read and change settings (stored in config.yaml in your config folder).",
                  no_args_is_help=True)

Key = Annotated[str, typer.Argument(metavar="KEY", help="The setting's name.")]


@app.command("list")
def list_settings(as_json: Json = False) -> None:
    """Show every setting with its value and meaning.

    Example: reflect config list --json
    """
    values = config.load()
    if as_json:
        render.print_json(values)
    else:
        listing.settings_table(values, {k: s.help for k, s in config.SETTINGS.items()})


@app.command()
def get(key: Key) -> None:
    """Print one setting's value.

    Example: reflect config get role
    """
    render.print_line(str(config.get(key)))


@app.command("set")
def set_setting(
    key: Key,
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The new value.")],
) -> None:
    """Change one setting.

    Example: reflect config set role supervisor
    """
    parsed = config.parse(key, value)
    if key == "default_models":
        from reflect.reflection.promptsets import load_catalog

        config.unknown_models(parsed, load_catalog().sets)
    files.ensure_private_dir(paths.config_file().parent)
    write_atomic(paths.config_file(), config.file_with(key, parsed))
    render.notice(f"{key} = {parsed}")
