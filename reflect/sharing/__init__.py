"""What leaves or enters the journal as files: session notes (`notes`), the interchange
form (`exchange`), exporters (`export/`), importers (`importing/`), redaction (`redact`),
and writing outputs safely (`outfiles`).
May import `reflect.reflection`, `reflect.goals` and the layers below them.
"""
