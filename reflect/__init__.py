"""reflect: a private, offline journal for reflective supervision records.

Nothing is imported here: `reflect --version` is answered by `reflect.__main__` before
anything else loads. The journal package registers the SQLite driver (see
`reflect.trust.driver`).
"""

__version__ = "0.1.0"
