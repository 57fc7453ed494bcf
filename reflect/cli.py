"""The root command: global options, the command groups, and the one error boundary."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperCommand, TyperGroup

from reflect import __version__
from reflect.commands.context import State
from reflect.settings.errors import ReflectError
from reflect.terminal import options
from reflect.terminal.render import error


class ReflectGroup(TyperGroup):
    """The root: its commands loaded lazily (see COMMANDS), and every error from a command
    turned into one line on stderr and exit code 1."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "_REFLECT_COMPLETE" in os.environ:  # completing: values quoted for the shell
            from reflect.terminal.completion import quote_for_shells

            quote_for_shells()
        self.commands = _Commands()
        self._listing = False
        self._prepared = False

    def get_params(self, ctx: typer.Context):
        if not self._prepared:  # once Typer has added its completion options too
            options.prepare(self, subcommands=False)
            self._prepared = True
        return super().get_params(ctx)

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: typer.Context, name: str):
        if self._listing and name in COMMANDS:  # the root's help: short help only
            return TyperCommand(name, help=COMMANDS[name][2], short_help=COMMANDS[name][2])
        return self.commands.get(name)

    def format_help(self, ctx: typer.Context, formatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except ReflectError as e:
            error(e.one_line())
        except _driver_errors() as e:
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


def _driver_errors() -> tuple[type[BaseException], ...]:
    """The SQLite driver's error, once a journal has loaded the driver (none before: a
    command that opens no journal, or --help, never imports it)."""
    driver = sys.modules.get("reflect.trust.driver")
    return (driver.DatabaseError,) if driver is not None else ()


def _debug(ctx: typer.Context) -> bool:
    found = ctx.find_object(State)
    return bool(found and found.debug) or bool(os.environ.get("REFLECT_DEBUG"))


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"reflect {__version__}\n")
        raise typer.Exit()


app = typer.Typer(
    cls=ReflectGroup,
    name="reflect",
    help="A private, offline journal for reflective supervision records.",
    epilog="Example: reflect new --with 'Sam Jones' --body 'We talked about workload.'",
    no_args_is_help=True,
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
    no_pager: Annotated[bool, typer.Option(
        "--no-pager", help="Print long notes straight to the terminal, not through $PAGER "
                           "(less -FRX when unset).")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True,
        help="Show the version and exit.")] = False,
) -> None:
    ctx.obj = State(journal_option=journal, debug=debug, passphrase_file=passphrase_file)
    from reflect.terminal import pager

    pager.wanted = not no_pager
    ctx.call_on_close(ctx.obj.close)


# Every command, the module (under reflect.commands) and Typer app it lives in, and its
# short help for `reflect --help`, which lists them without importing any. A command's
# module is imported only when that command runs (or its own help is asked for). Names in
# GROUPS are groups of subcommands (`reflect goal add`); the others are the app's own
# commands, flattened into the root.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": ("sessions", "app",
             "Create the journal if it does not exist yet, and print where it is."),
    "new": ("sessions", "app",
            "Record a supervision session (guided, free text, or from a file); prints its id."),
    "list": ("sessions", "app",
             "List sessions, newest first (and plans, marked plan in the kind column)."),
    "show": ("sessions", "app", "Show one session as a note."),
    "resume": ("guided", "app", "Continue an unfinished guided interview where it stopped."),
    "prepare": ("insight", "app",
                "Prepare the next session with someone: an agenda from the journal alone."),
    "stats": ("insight", "app", "Figures across sessions: frequency, balance, interventions, "
                                "development, goals."),
    "plan": ("plans", "app", "Plan a difficult conversation with DESC; prints the plan's id."),
    "held": ("plans", "app",
             "Mark a planned DESC conversation as held, with what was said and agreed."),
    "agree": ("record", "app",
              "Mark a session's record as agreed (private reflection is not part of it)."),
    "edit": ("record", "app",
             "Change a session (the previous version is kept); no options opens $EDITOR."),
    "history": ("record", "app", "List a session's versions, or show what one edit changed."),
    "revert": ("record", "app",
               "Restore an earlier version (as a new version; nothing is lost)."),
    "delete": ("record", "app", "Delete a session: hidden from list, search and export until "
                                "undeleted (asks first)."),
    "undelete": ("record", "app", "Bring back a deleted session."),
    "search": ("search", "app",
               "Find sessions by their words: best matches first, newest first on ties."),
    "goal": ("goals", "app", "SMART goals from supervision: shape them, track them, review "
                             "them."),
    "action": ("actions", "app", "Agreed actions: who does what by when."),
    "person": ("people", "person_app", "The people you supervise or are supervised by."),
    "contract": ("people", "contract_app", "Supervision contracts, versioned."),
    "models": ("models", "app",
               "The supervision models that guide reflection, and their prompt sets."),
    "config": ("config", "app", "Read and change settings (stored in config.yaml in your "
                                "config folder)."),
    "redact": ("redact", "app",
               "Names to hide when sharing, and a check of what redaction does."),
    "export": ("transfer", "app", "Export sessions and goals as markdown notes, HTML pages or "
                                  "one JSON file."),
    "import": ("transfer", "app", "Import sessions from reflect's markdown or JSON export, or "
                                  "from jrnl's JSON."),
    "sync": ("transfer", "app", "Keep a vault and the journal in step: the vault's changes "
                                "in, the journal out."),
    "backup": ("maintenance", "app", "Copy the journal to a new file, consistently, even "
                                     "while another command writes."),
    "restore": ("maintenance", "app", "Replace the journal with a backup, after checking it "
                                      "and keeping the current one."),
    "purge": ("maintenance", "app", "Erase sessions, or only their private reflection, for "
                                    "good, leaving no text behind."),
    "check": ("maintenance", "app", "Check the journal file, its links and search index; "
                                    "remind of sessions past retention."),
    "encrypt": ("crypto", "app", "Encrypt the journal with a passphrase, working on a copy "
                                 "swapped in once checked."),
    "decrypt": ("crypto", "app", "Remove the journal's encryption, working on a copy swapped "
                                 "in once checked."),
    "passphrase": ("crypto", "app", "Change the journal's passphrase: a copy re-encrypted "
                                    "with it replaces the journal."),
}
GROUPS = {"goal", "action", "person", "contract", "models", "config", "redact"}


def load_command(name: str):
    """The click command `name` stands for, its module imported now."""
    from importlib import import_module

    module, attribute, _ = COMMANDS[name]
    sub = getattr(import_module(f"reflect.commands.{module}"), attribute)
    sub._add_completion = False  # the root's option, as when it was added to the root
    built = options.prepare(typer.main.get_command(sub))
    if name in GROUPS:
        built.name = name
        return built
    return built.commands[name] if hasattr(built, "commands") else built


class _Commands(dict):
    """The root's commands, each loaded on first use: `reflect list` imports what `list`
    needs and nothing else."""

    def __missing__(self, name: str):
        if name not in COMMANDS:
            raise KeyError(name)
        self[name] = load_command(name)
        return self[name]

    def get(self, name, default=None):
        return self[name] if name in COMMANDS else default

    def keys(self):
        return COMMANDS.keys()

    def __iter__(self):
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)

    def __contains__(self, name) -> bool:
        return name in COMMANDS

    def items(self):
        return [(name, self[name]) for name in COMMANDS]

    def values(self):
        return [self[name] for name in COMMANDS]


# Python's collector runs a pass every 700 new objects; a command that reads a large
# journal makes millions that live until it ends (sessions, their answers), so a fifth of
# exporting or listing 100,000 sessions went on scanning them again. Reflect makes few
# reference cycles: passes ten times as far apart cost no memory that shows.
COLLECT_EVERY = 10_000


def main() -> None:
    gc.set_threshold(COLLECT_EVERY, 10, 10)
    app(prog_name="reflect")
