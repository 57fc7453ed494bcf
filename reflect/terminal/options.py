"""How options are read and shown: quick reading of plain values, and clean help.

Typer checks every option's value through pydantic, which costs a tenth of a second of
imports on every run. The values reflect's commands take are plain (text, whole numbers,
paths, one of a fixed set of words, repeated text), so they are read here; any value
these readers cannot vouch for goes on to Typer's own checks, so a bad value gets
Typer's message, as before. If Typer's internals move, every value goes to Typer.

Help: flags show no `<bool>`, plain values show TEXT, INTEGER or PATH, and an option
with fixed choices shows a name and lists the choices, whole, in its help.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

try:  # Typer's coercion layer (0.29 and later); without it, nothing here is needed
    from typer._coercion import RuntimeParam, build_runtime_param
except ImportError:  # pragma: no cover - older or newer Typer
    RuntimeParam = None

DOUBT = object()  # a reader's answer for a value it leaves to Typer
_WHOLE = re.compile(r"[+-]?[0-9]{1,18}")


def _text(value: Any) -> Any:
    return value if isinstance(value, str) else DOUBT


def _flag(value: Any) -> Any:
    return value if isinstance(value, bool) else DOUBT


def _texts(value: Any) -> Any:
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    return DOUBT


def _whole(info) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):  # a default
            number = value
        elif isinstance(value, str) and _WHOLE.fullmatch(value):
            number = int(value)
        else:
            return DOUBT
        if (info.min is not None and number < info.min) or (
                info.max is not None and number > info.max):
            return DOUBT
        return number
    return read


def _choice(choices: tuple[Any, ...]) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        return value if isinstance(value, str) and value in choices else DOUBT
    return read


def _path(info) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        if not isinstance(value, str) or value == "" or info.resolve_path:
            return DOUBT
        if not os.path.exists(value):
            return DOUBT if info.exists else Path(value)
        is_dir = os.path.isdir(value)
        if (is_dir and not info.dir_okay) or (not is_dir and not info.file_okay):
            return DOUBT
        if (info.readable and not os.access(value, os.R_OK)) or (
                info.writable and not os.access(value, os.W_OK)):
            return DOUBT
        return Path(value)
    return read


def reader(annotation: Any, info) -> Callable[[Any], Any] | None:
    """A quick reader for an option of this type, or None to leave it all to Typer."""
    if info.parser is not None or getattr(info, "click_type", None) is not None:
        return None
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation is int and not info.clamp:
        return _whole(info)
    if annotation is Path and info.path_type in (None, Path):
        return _path(info)
    if get_origin(annotation) is Literal and info.case_sensitive:
        choices = get_args(annotation)
        return _choice(choices) if all(isinstance(c, str) for c in choices) else None
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        return _texts
    return None


if RuntimeParam is not None:
    @dataclass(frozen=True)
    class QuickParam(RuntimeParam):
        """Reads a value with `read`; what it doubts, Typer reads (and words the error)."""

        descriptor: Any = None
        read: Callable[[Any], Any] = _text

        def _coerce_value(self, value: Any, param, ctx) -> Any:
            result = self.read(value)
            if result is DOUBT:
                typer_own = build_runtime_param(self.descriptor)
                return typer_own._coerce_value(value, param=param, ctx=ctx)
            return result


def _quicken(param) -> None:
    descriptor = getattr(param, "type_descriptor", None)
    if RuntimeParam is None or descriptor is None or getattr(param, "_runtime_param", 1):
        return
    read = reader(descriptor.annotation, descriptor.parameter_info)
    if read is not None:
        param._runtime_param = QuickParam(parameter_info=descriptor.parameter_info,
                                          annotation=descriptor.annotation,
                                          descriptor=descriptor, read=read)


def _no_type(ctx) -> None:
    return None


_PLAIN_METAVARS = {str: "TEXT", int: "INTEGER", Path: "PATH"}


def _clean_help(param) -> None:
    """A metavar without angle brackets, and fixed choices listed whole in the help."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None:
        return
    if param.param_type_name == "argument":  # its name is shown; no type beside it
        param.display_type_rich = _no_type
        if param.metavar is None:
            param.metavar = param.name.upper()
        return
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        param.metavar = ""
        return
    annotation = descriptor.annotation
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation) or (str,)
    if get_origin(annotation) is Literal:
        choices = [str(c) for c in get_args(annotation)]
        help_text = param.help or ""
        if not all(choice in help_text for choice in choices):
            param.help = f"{help_text} One of: {', '.join(choices)}.".strip()
        default = max(param.opts, key=len).lstrip("-") if param.opts else param.name
        param.metavar = param.metavar or default.upper().replace("-", "_")
    elif param.metavar is None:
        param.metavar = _PLAIN_METAVARS.get(annotation, "VALUE")


def _help_option(command) -> None:
    """The help option is made afresh for each run: set it up as it is made."""
    made = command.get_help_option

    def get_help_option(ctx):
        option = made(ctx)
        if option is not None:
            _quicken(option)
            _clean_help(option)
        return option

    command.get_help_option = get_help_option


def reflowed(text: str) -> str:
    """A docstring's paragraphs each on one line, for Rich to wrap at the terminal's width
    (Typer keeps the source's line breaks after the first paragraph, so an example broke
    mid-sentence)."""
    import inspect

    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(p if p.startswith("\b") else " ".join(p.split()) for p in paragraphs)


def prepare(command, subcommands: bool = True) -> Any:
    """`command` (a click command or group, built by Typer) with every option set up
    here: its plain values read quickly and its help cleaned. Returns the command."""
    for param in getattr(command, "params", []):
        _quicken(param)
        _clean_help(param)
    _help_option(command)
    if getattr(command, "help", None):
        command.help = reflowed(command.help)
    if subcommands:
        for sub in getattr(command, "commands", {}).values():
            prepare(sub)
    return command
