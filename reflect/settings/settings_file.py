"""The settings file's schema, made from the known settings (`reflect.settings.config`):
one field per setting, checked by that setting's own parser, no other key. Imported only
when a settings file is read (it loads pydantic)."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, ValidationInfo, create_model, field_validator

from reflect.settings.validation import checked


def schema(settings: dict[str, Any]) -> Any:
    """A pydantic model for `settings`: {key: a Setting (default, help, parse)}."""
    parsers = {key: setting.parse for key, setting in settings.items()}

    def parsed(cls, value: Any, info: ValidationInfo) -> Any:
        return checked(parsers[info.field_name])(value)

    return create_model(
        "SettingsFile",
        __config__=ConfigDict(extra="forbid"),
        __validators__={"parsed": field_validator(*parsers, mode="plain")(classmethod(parsed))},
        **{key: (Any, setting.default) for key, setting in settings.items()},
    )
