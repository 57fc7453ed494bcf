"""The root command: global options, the command groups, and the one error boundary."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from reflect import __version__
from reflect.commands.context import State
from reflect.settings.errors import ReflectError
from reflect.terminal.render import error
from reflect.trust import driver


class ReflectGroup(TyperGroup):
    """Turns every error from a command into one line on stderr and exit code 1."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except ReflectError as e:
            error(e.one_line())
        except driver.DatabaseError as e:
            error(f"journal: {e}")
        except KeyboardInterrupt:
            error("interrupted; nothing was saved from the unfinished step")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # The reader went away (`reflect list | head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(141) from None
        except OverflowError:
            error("a number given is too large")
        except Exception as e:
            if _debug(ctx):
                raise
            error(f"unexpected {type(e).__name__}: {e} (run with --debug for the traceback)")
        raise typer.Exit(1)


def _debug(ctx: typer.Context) -> bool:
    found = ctx.find_object(State)
    return bool(found and found.debug) or bool(os.environ.get("REFLECT_DEBUG"))


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"reflect {__version__}\n")
        raise typer.Exit()


app = typer.Typer(
    cls=ReflectGroup,
    help="A private, offline journal for reflective supervision records.",
    epilog="Example: reflect new --with 'Sam Jones' --body 'We talked about workload.'",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    journal: Annotated[Path | None, typer.Option(
        "--journal", metavar="PATH",
        help="Journal file to use (default: $REFLECT_JOURNAL, else your data folder).")] = None,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show the full traceback of an unexpected error.")] = False,
    passphrase_file: Annotated[Path | None, typer.Option(
        "--passphrase-file", metavar="PATH",
        help="An encrypted journal's passphrase: the first line of this file.")] = None,
    version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True,
        help="Show the version and exit.")] = False,
) -> None:
    ctx.obj = State(journal_option=journal, debug=debug, passphrase_file=passphrase_file)
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from reflect.commands import (
        actions,
        config,
        crypto,
        goals,
        guided,
        insight,
        maintenance,
        models,
        people,
        plans,
        record,
        redact,
        search,
        sessions,
        transfer,
    )

    app.add_typer(sessions.app)
    app.add_typer(guided.app)
    app.add_typer(insight.app)
    app.add_typer(plans.app)
    app.add_typer(record.app)
    app.add_typer(search.app)
    app.add_typer(goals.app, name="goal")
    app.add_typer(actions.app, name="action")
    app.add_typer(people.person_app, name="person")
    app.add_typer(people.contract_app, name="contract")
    app.add_typer(models.app, name="models")
    app.add_typer(config.app, name="config")
    app.add_typer(redact.app, name="redact")
    app.add_typer(transfer.app)
    app.add_typer(maintenance.app)
    app.add_typer(crypto.app)


_register()


def main() -> None:
    app(prog_name="reflect")
