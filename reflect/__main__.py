"""The console script's entry point, and `python -m reflect`.

It answers `--version` before anything else is imported (Typer included), so the
answer is as quick as Python's own start; every other command goes to `reflect.cli`.
"""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from reflect import __version__

        sys.stdout.write(f"reflect {__version__}\n")
        return
    from reflect.cli import main as run

    run()


if __name__ == "__main__":
    main()
