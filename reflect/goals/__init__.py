"""SMART goals and agreed actions: drafts and their checks (`drafts`), the SMART verdicts
(`smart`), and reports in markdown and iCalendar (`reports`).
May import the journal and the layers below it, and `reflect.reflection` (its own layer).
"""
