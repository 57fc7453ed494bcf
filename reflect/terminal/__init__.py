"""Talking to a person at a terminal: Rich rendering (`render`), listings that fit a terminal
or a pipe (`listing`), the pager (`pager`), questions (`ask`), the guided interview
(`interview`), the SMART goal questions (`goal_form`), passphrase prompts (`passphrase`), the
editor (`editor`), shell completion (`completion`) and how options are read and shown
(`options`). With `reflect.cli` and `reflect.commands`, the only code that imports Typer or
Rich; may import every layer below.
"""
