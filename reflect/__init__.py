"""reflect: a private, offline journal for reflective supervision records."""

from reflect.trust import driver as _driver  # noqa: F401  (sqlcipher3 must be aliased before sqlite-utils loads)

__version__ = "0.1.0"
