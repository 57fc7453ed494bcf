"""Insight across sessions, for supervisors: readings over a history (`readings`),
preparing the next session (`prepare`) with its agenda (`agenda`), stats over a whole
history (`stats`), and contract terms (`contracts`). Pure functions over records.
May import `reflect.reflection`, `reflect.goals` and the layers below them.
"""
