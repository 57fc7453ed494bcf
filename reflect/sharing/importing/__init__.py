"""Importing: reading reflect's markdown and JSON exports and jrnl's JSON into batches
(`readers`, with the `IMPORTERS` registry), and applying them to the journal (`apply`).
"""
