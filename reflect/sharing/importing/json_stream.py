"""Reading one array of a large JSON file an item at a time, so that what is held stays the
same however long the file: `ArrayReader(path, key).items()` yields each item of the
array under `key` in the file's top-level object, and `top_level_keys` names its keys.

Only the plainest shape is read this way: valid UTF-8 and JSON, an object whose keys each
come once, `key` holding an array. Anything else is `NotPlain`, and the caller reads the
file whole instead, which says what is wrong (or reads it) as it always has.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

CHUNK = 1 << 20  # characters read at a time
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class NotPlain(Exception):
    """Not a file to read an item at a time: read it whole."""


class _Text:
    """The file's text, read a chunk at a time, from `pos` on."""

    def __init__(self, file, digest):
        self.file, self.digest = file, digest
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.text, self.pos, self.eof, self.started = "", 0, False, False

    def more(self) -> bool:
        """Read on; False at the end of the file."""
        if self.eof:
            return False
        data = self.file.read(CHUNK)
        self.digest.update(data)
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as e:
            raise NotPlain from e
        if text and not self.started:
            text, self.started = text.removeprefix("\ufeff"), True
        self.text, self.pos, self.eof = self.text[self.pos:] + text, 0, not data
        return True

    def char(self) -> str:
        """The next character that is not white space, taken; "" at the end."""
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text):
                self.pos += 1
                return self.text[self.pos - 1]
            if not self.more():
                return ""

    def value(self) -> Any:
        """The next JSON value, taken."""
        if not self.char():
            raise NotPlain
        self.pos -= 1
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError:
                if self.more():  # cut off where the chunk ends, or wrong: read on to see
                    continue
                raise NotPlain from None
            except RecursionError as e:
                raise NotPlain from e
            if end == len(self.text) and self.more():
                continue  # a number may go on in the next chunk
            self.pos = end
            return value


class ArrayReader:
    """The items of the array under `key` in a file's top-level object. `other` is shown
    every other key and value, and may refuse them (NotPlain). After `items()` has run,
    `digest` is the SHA-256 of the file's bytes."""

    def __init__(self, path: Path, key: str, other: Callable[[str, Any], None]):
        self.path, self.key, self.other = path, key, other
        self.digest: str | None = None

    def items(self) -> Iterator[Any]:
        digest = hashlib.sha256()
        with open(self.path, "rb") as file:
            text, keys = _Text(file, digest), []
            for name in _members(text):
                keys.append(name)
                if name == self.key:
                    yield from _array(text)
                else:
                    self.other(name, text.value())
            if self.key not in keys:
                raise NotPlain
        self.digest = digest.hexdigest()


def top_level_keys(path: Path) -> set[str]:
    """The keys of the object a file holds, its arrays read an item at a time."""
    with open(path, "rb") as file:
        text, keys = _Text(file, hashlib.sha256()), set()
        for name in _members(text):
            keys.add(name)
            found = text.char()
            if not found:
                raise NotPlain
            text.pos -= 1
            if found == "[":
                for _ in _array(text):
                    pass
            else:
                text.value()
    return keys


def _members(text: _Text) -> Iterator[str]:
    """The keys of the object that is the whole of the text, each once; the caller takes
    each one's value before asking for the next."""
    if text.char() != "{":
        raise NotPlain
    keys = set()
    while True:
        name = text.value()
        if type(name) is not str or name in keys or text.char() != ":":
            raise NotPlain
        keys.add(name)
        yield name
        found = text.char()
        if found == "}":
            break
        if found != ",":
            raise NotPlain
    if text.char() != "":
        raise NotPlain


def _array(text: _Text) -> Iterator[Any]:
    if text.char() != "[":
        raise NotPlain
    found = text.char()
    if found == "]":
        return
    if not found:
        raise NotPlain
    text.pos -= 1
    while True:
        yield text.value()
        found = text.char()
        if found == "]":
            return
        if found != ",":
            raise NotPlain
