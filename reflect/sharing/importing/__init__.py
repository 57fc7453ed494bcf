"""Importing: reading reflect's markdown and JSON exports and jrnl's JSON into batches
(`readers`, with the `IMPORTERS` registry), and applying them to the journal (`apply`).
A long jrnl export is read an entry at a time (`json_stream`), never held whole.
"""
