"""Lets `python -m reflect` run the command line."""

from reflect.cli import main

main()
