"""Settings and the ground everything stands on: paths, the settings file, data files
(hardened YAML and JSON reading), dates and periods, the clock, errors, templates, and the
field's fixed words. Imports nothing else of reflect: every other layer may import it.
"""
