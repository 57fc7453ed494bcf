"""What keeps a journal private and whole below the journal itself: owner-only files
(`files`), the SQLite driver (`driver`), SQLCipher keys and conversion (`cipher`), the
passphrase sources (`passphrase`), and consistent copies (`backup`).
May import `reflect.settings` only.
"""
