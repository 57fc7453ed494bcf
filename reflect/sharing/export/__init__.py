"""Exporting: the registry of formats, and the exporters it names.

Owns `selection` (what an export holds), `markdown`, `html` and `json`; may import the
layers below sharing, and `reflect.sharing.exchange` and `notes`. `EXPORTERS` maps each
`--format` name to an `Exporter` whose functions are named as "module:function" and
imported only when that format is used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any


def _load(target: str) -> Callable[..., Any]:
    module, _, name = target.partition(":")
    return getattr(import_module(module), name)


def _owns_nothing(path: Path) -> bool:
    return False


@dataclass(frozen=True)
class Exporter:
    """One `--format`: how it builds its output, and which files an earlier export wrote."""

    builder: str  # "module:function(data, single, tick) -> a tree of files or one file"
    owner: str | None = None  # "module:function(path) -> bool"; None: it owns no file
    one_file: bool = False  # always a single file, --single or not
    syncs: bool = False  # its output (not --single) can be imported back: it sets sync bases

    def build(self, data, single: bool, tick):
        return _load(self.builder)(data, single, tick)

    def owns(self, path: Path) -> bool:
        return _load(self.owner)(path) if self.owner else _owns_nothing(path)


EXPORTERS: dict[str, Exporter] = {
    "markdown": Exporter("reflect.sharing.export.markdown:export_markdown",
                         "reflect.sharing.export.markdown:owns_markdown", syncs=True),
    "html": Exporter("reflect.sharing.export.html:export_html",
                     "reflect.sharing.export.html:owns_html"),
    "json": Exporter("reflect.sharing.export.json:export_json", one_file=True, syncs=True),
}
