"""Questions to a person at a terminal: one line at a time, yes or no, help on `?`.

Prompts go to stderr so that stdout keeps only what a command prints for scripts.
"""

from __future__ import annotations

import sys

from reflect.terminal import render


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask_line(label: str = "> ") -> str:
    """One line typed by the person; EOF (Ctrl-D, a closed terminal) stops like Ctrl-C."""
    sys.stderr.write(label)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if line == "":
        raise KeyboardInterrupt
    return line.rstrip("\n")


def yes(question: str, default: bool = False) -> bool:
    typed = ask_line(f"{question} [{'Y/n' if default else 'y/N'}] ").strip().lower()
    return default if not typed else typed in ("y", "yes")


def ask_with_help(question: str, current: str = "", help_text: str = "") -> str:
    """One builder question; ? shows the guidance, Enter keeps what is there."""
    shown = f" [{current}]" if current else ""
    while True:
        typed = ask_line(f"{question}{shown}: ").strip()
        if typed == "?":
            render.notice(help_text or "No extra help for this one.")
            continue
        return typed or current
