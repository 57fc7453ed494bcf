"""Talking to a person at a terminal: Rich rendering (`render`), questions (`ask`), the
guided interview (`interview`), the SMART goal questions (`goal_form`), passphrase prompts
(`passphrase`) and the editor (`editor`). With `reflect.cli` and `reflect.commands`, the only
code that imports Typer or Rich; may import every layer below.
"""
