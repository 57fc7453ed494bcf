"""Looking after the journal file: backups (`backup`), restoring (`restore`), purging for
good (`purge`) and checking (`check`). They never print and never ask; the commands do.
May import the journal and the layers below it.
"""
