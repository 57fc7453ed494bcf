"""The journal: the only package that runs SQL. Opening (`connection`, with `schema` telling
a current journal through the driver alone, and `database`, sqlite-utils for writes), the
schema's changes (`migrations`), the records (`records`), sessions read and written
(`sessions`, `writes`), an export's previous answers (`earlier`), people and contracts
(`people`), goals and actions (`goals`), versions (`history`), full-text search
(`search`), sync bookkeeping (`vault`), a read-only look for shell completion (`peek`),
and the `Journal` facade that composes them (`facade`).
May import `reflect.settings`, `reflect.models` and `reflect.trust`.
"""

from reflect.trust import driver as _driver  # noqa: F401  (sqlcipher3 registered before sqlite-utils loads)
