"""The journal: the only package that runs SQL. Opening (`connection`), the schema
(`migrations`), the records (`records`), sessions read and written (`sessions`, `writes`),
people and contracts (`people`), goals and actions (`goals`), versions (`history`), full-text
search (`search`), and the `Journal` facade that composes them (`facade`).
May import `reflect.settings`, `reflect.models` and `reflect.trust`.
"""
