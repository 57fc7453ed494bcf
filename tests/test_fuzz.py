"""Fuzzing the readers of user files: prompt sets, answers files and markdown notes.

Whatever the bytes, each gives a usable result or a clean error (a `ReflectError`, or for an
import a refused file), never an unhandled exception. The PyYAML traps are tried on every
reader; hypothesis adds shapes nobody thought of. REFLECT_FUZZ_EXAMPLES raises the count.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.journal.connection import open_journal
from reflect.reflection.answers_file import TOP_LEVEL
from reflect.reflection.guided import record_answers
from reflect.reflection.interview import check_answers
from reflect.reflection.promptsets import Catalog, load_file, validate_set
from reflect.reflection.recording import SessionFields, parse_answers
from reflect.settings.datafiles import MAX_BYTES, parse_yaml
from reflect.settings.errors import BadInput, PromptSetError, ReflectError
from reflect.sharing.importing.apply import import_batches
from reflect.sharing.importing.readers import read_markdown

FUZZ = settings(max_examples=int(os.environ.get("REFLECT_FUZZ_EXAMPLES", "50")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])


def _bomb(levels: int = 6) -> str:
    """A billion-laughs document: each level refers to the one before it nine times."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


# Each trap with what a reader must say about it (for the markdown importer, the text is the
# front matter of a note and the words are looked for in its refusal).
TRAPS = {
    "empty": "",
    "list at the top": "- id: gibbs\n- prompts: []\n",
    "deep nesting": "a: " + "[" * 3000 + "]" * 3000 + "\n",
    "deep mapping": "a: " + "{a: " * 3000 + "}" * 3000 + "\n",
    "alias bomb": _bomb(),
    "alias to itself": "a: &a [*a]\n",
    "python tag": "a: !!python/object/apply:os.system ['true']\n",
    "python name": "a: !!python/name:os.system\n",
    "bad float tag": "a: !!float abc\n",
    "bad timestamp tag": "a: !!timestamp 2026-02-30\n",
    "set tag": "answers: {proctor: {split: !!set {normative}}}\n",
    "binary tag": "title: !!binary aGVsbG8=\n",
    "unhashable key": "? [a, b]\n: c\n",
    "tab indent": "a:\n\t- b\n",
    "nul": "a: \x00\n",
    "huge number": "duration: " + "9" * 40 + "\n",
    "half a character": 'title: "\\ud800"\n',
}
REFUSED_BY_LOADER = {"deep nesting": "nested too deeply", "deep mapping": "nested too deeply",
                     "alias bomb": "aliases", "alias to itself": "aliases",
                     "python tag": "not valid YAML", "python name": "not valid YAML"}


@pytest.fixture(scope="module")
def catalog(builtin_catalog):
    return builtin_catalog


@pytest.fixture
def journal(tmp_path):
    opened = open_journal(tmp_path / "fuzz.db")
    yield opened
    opened.close()


class _Rollback(Exception):
    """Undoes one example's writes, so every example meets the same empty journal."""


# Prompt sets -------------------------------------------------------------------------------

def _check_prompt_set(data, stem: str = "gibbs") -> None:
    prompt_set, problems = validate_set(data, stem)
    assert (prompt_set is None) == bool(problems)
    assert all(isinstance(p, str) and p for p in problems)
    if prompt_set is not None:  # a valid set is one the interview can use
        assert prompt_set.id == stem
        check_answers(prompt_set, {})
        prompt_set.labels()


@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_every_yaml_trap_in_a_prompt_set_file_is_a_clean_error(tmp_path, trap):
    path = tmp_path / "gibbs.yaml"
    path.write_text(TRAPS[trap], encoding="utf-8")
    with pytest.raises(ReflectError) as caught:
        load_file(path)
    assert "\n" not in caught.value.one_line()
    if trap in REFUSED_BY_LOADER:
        assert REFUSED_BY_LOADER[trap] in caught.value.message
    if trap in ("empty", "list at the top"):
        assert "must hold a mapping" in caught.value.message


def test_non_utf8_and_oversized_files_are_refused_at_the_size_cap(tmp_path):
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("id: caf\u00e9\n".encode("latin-1"))
    with pytest.raises(BadInput, match="not UTF-8"):
        load_file(latin1)
    at_cap = tmp_path / "at.yaml"
    at_cap.write_bytes(b"# " + b"x" * (MAX_BYTES - 3) + b"\n")
    assert at_cap.stat().st_size == MAX_BYTES
    with pytest.raises(PromptSetError, match="must hold a mapping"):  # read, then judged
        load_file(at_cap)
    over = tmp_path / "over.yaml"
    over.write_bytes(at_cap.read_bytes() + b"\n")
    with pytest.raises(BadInput, match="larger than 256 KiB"):
        load_file(over)
    with pytest.raises(BadInput, match="larger than 256 KiB"):  # counted in bytes, not chars
        parse_yaml("\u00e9" * (MAX_BYTES // 2 + 1), "wide.yaml")


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                     st.text(max_size=20), st.dates(),
                     st.sampled_from(["text", "choice", "multi", "scale", "split", "date",
                                      "confirm", "gibbs", "a", "b", "what", "", "0", "-1"]))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["id", "kind", "text", "label", "choices", "parts", "min",
                                     "max", "when", "prompt", "equals", "includes", "answered",
                                     "required", "private", "help", "multiline", "extra"]),
                    inner, max_size=5)), max_leaves=12)


def _builtin(model: str) -> dict:
    return yaml.safe_load(files("reflect.prompts").joinpath(f"{model}.yaml").read_text("utf-8"))


@st.composite
def mutated_sets(draw):
    """A built-in prompt set with a few keys removed, replaced or added, anywhere in it."""
    data = draw(st.sampled_from(["desc", "heron", "proctor", "stoltenberg"]).map(_builtin))
    data["id"] = "gibbs"
    for _ in range(draw(st.integers(0, 4))):
        node = data
        while isinstance(node, (dict, list)) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node) if isinstance(node, dict)
                                       else range(len(node))))
            if not isinstance(node[key], (dict, list)):
                break
            node = node[key]
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node) + ["extra", "when", "kind", "min"]))
        elif isinstance(node, list) and node:
            key = draw(st.integers(0, len(node) - 1))
        else:
            continue
        action = draw(st.sampled_from(["drop", "replace"]))
        if action == "drop" and (isinstance(node, list) or key in node):
            del node[key]
        else:
            node[key] = draw(_values)
    return data


@FUZZ
@given(data=st.one_of(mutated_sets(), _values))
def test_any_prompt_set_data_validates_or_lists_its_problems(data):
    _check_prompt_set(data)


@FUZZ
@given(text=st.one_of(st.text(max_size=200), st.sampled_from(list(TRAPS.values())),
                      mutated_sets().map(lambda d: yaml.safe_dump(d, sort_keys=False))))
def test_any_prompt_set_text_loads_or_is_a_clean_error(text):
    try:
        data = parse_yaml(text, "gibbs.yaml")
    except BadInput as e:
        assert "\n" not in e.one_line()
        return
    _check_prompt_set(data)


# Answers files -----------------------------------------------------------------------------

_answer_values = st.one_of(
    _scalars, st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.sampled_from(["2026-02-30", "in 99999999 days", "yesterday", "end of march",
                     "normative", "restorative", "supportive", "cathartic"]),
    st.lists(st.sampled_from(["prescriptive", "informative", "confronting", "cathartic",
                              "catalytic", "supportive", "nonsense"]), max_size=4),
    st.dictionaries(st.sampled_from(["normative", "formative", "restorative", "other"]),
                    st.one_of(st.integers(-10, 110), st.text(max_size=3)), max_size=4),
    _values)


@st.composite
def answers_documents(draw, catalog):
    """Mostly the right keys with values of every kind; sometimes the wrong keys."""
    doc = draw(st.dictionaries(st.sampled_from([*TOP_LEVEL, "extra", "model"]),
                               _answer_values, max_size=6))
    if draw(st.booleans()):
        answers = {}
        for model in draw(st.lists(st.sampled_from([*sorted(catalog.sets), "gibbs"]),
                                   max_size=2, unique=True)):
            prompts = ([p.id for p in catalog.sets[model].prompts]
                       if model in catalog.sets else ["what"])
            answers[model] = draw(st.dictionaries(st.sampled_from([*prompts, "nope"]),
                                                  _answer_values, max_size=6))
        doc["answers"] = answers
    return doc


def _check_answers_text(text: str, catalog, journal) -> None:
    try:
        parsed = parse_answers(parse_yaml(text, "answers.yaml"), "answers.yaml", catalog)
    except ReflectError as e:
        assert "\n" not in e.one_line()
        return
    assert parsed.held_on is None or type(parsed.held_on) is date
    try:  # a valid result is one the journal stores and reads back
        with journal.db.atomic():
            try:
                session, _ = record_answers(journal, SessionFields(), parsed=parsed,
                                            catalog=catalog)
            except ReflectError:
                raise _Rollback from None
            assert journal.session(session.id).answers == parsed.answers
            raise _Rollback
    except _Rollback:
        pass


@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_every_yaml_trap_in_an_answers_file_is_a_clean_error(trap, catalog, journal):
    with pytest.raises(ReflectError) as caught:
        parse_answers(parse_yaml(TRAPS[trap], "a.yaml"), "a.yaml", catalog)
    if trap in REFUSED_BY_LOADER:
        assert REFUSED_BY_LOADER[trap] in caught.value.message


def test_an_answers_file_date_with_a_time_is_the_day(catalog, journal):
    when, _ = validate_set({"id": "when", "name": "When", "summary": "s", "source": "s",
                            "version": 1, "prompts": [{"id": "by", "kind": "date",
                                                       "text": "By when?"}]}, "when")
    with_dates = Catalog(sets={**catalog.sets, "when": when})
    text = "date: 2026-11-20 10:30:00\nanswers: {when: {by: 2026-12-01 09:00:00}}\n"
    parsed = parse_answers(parse_yaml(text, "a.yaml"), "a.yaml", with_dates)
    assert parsed.held_on == date(2026, 11, 20) and type(parsed.held_on) is date
    assert parsed.answers["when"]["by"] == "2026-12-01"
    session, _ = record_answers(journal, SessionFields(), parsed=parsed, catalog=with_dates)
    assert journal.session(session.id).held_on == date(2026, 11, 20)


@FUZZ
@given(data=st.data())
def test_any_answers_file_is_recorded_or_a_clean_error(data, catalog, journal):
    doc = data.draw(answers_documents(catalog))
    text = _as_json(doc) if data.draw(st.booleans()) else None  # JSON is read as YAML too
    _check_answers_text(text or yaml.safe_dump(doc, allow_unicode=True), catalog, journal)


@FUZZ
@given(text=st.text(max_size=300))
def test_any_answers_text_is_recorded_or_a_clean_error(text, catalog, journal):
    _check_answers_text(text, catalog, journal)


def _as_json(doc) -> str | None:
    """`doc` as json.dumps writes it (non-ASCII as \\u escapes), or None if it cannot."""
    try:
        return json.dumps(doc, default=str)
    except ValueError:
        return None


# Markdown notes ----------------------------------------------------------------------------

NOTE_KEYS = ["id", "date", "title", "with", "attendees", "as", "kind", "tags", "models", "goals",
             "created", "updated", "status", "duration", "presenter", "issue_presented",
             "source_hash", "interview", "agreed_by", "agreed_on", "agreed_hash", "actions",
             "answers", "body", "private", "generated", "typo"]
_note_values = st.one_of(
    _answer_values,
    st.sampled_from(["0123456789abcdef", "2026-11-20T10:00:00+00:00", "2026-11-20", "draft",
                     "final", "supervisor", "group", "a" * 64, "  ", "Sam Jones"]),
    st.lists(st.fixed_dictionaries({"id": st.sampled_from(["abcdef12", "zz"]),
                                    "what": st.text(max_size=5),
                                    "created": st.sampled_from(["2026-01-01T00:00:00", "x"])}),
             max_size=2))
NAMES = ["note.md", "2026-03-01-talk.md", "2026-02-30-bad-date.md", "Notes.markdown",
         ".hidden.md"]


@st.composite
def notes(draw) -> tuple[str, bytes]:
    """A file name and its bytes: front matter of any shape, a trap, or plain markdown."""
    name = draw(st.sampled_from(NAMES))
    body = draw(st.text(max_size=80))
    kind = draw(st.sampled_from(["front matter", "trap", "plain", "bytes"]))
    if kind == "front matter":
        head = yaml.safe_dump(draw(st.dictionaries(st.sampled_from(NOTE_KEYS), _note_values,
                                                   max_size=8)), allow_unicode=True)
        marked = draw(st.booleans())
        text = f"---\n{head}---\n\n" + (f"<!-- reflect:body -->\n{body}\n<!-- /reflect:body -->"
                                        if marked else body)
    elif kind == "trap":
        text = f"---\n{draw(st.sampled_from(list(TRAPS.values())))}---\n{body}"
    elif kind == "plain":
        text = draw(st.sampled_from(["", "# A heading\n", "---\nnever closed\n", "\ufeff---\r\n"
                                     "title: crlf\r\n---\r\nbody\r\n"])) + body
    else:
        return name, draw(st.binary(max_size=120))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return name, text.replace("\n", newline).encode("utf-8", "surrogatepass")


def _check_note(folder: Path, name: str, content: bytes, journal) -> None:
    path = folder / name
    path.write_bytes(content)
    batches = read_markdown(path)
    assert len(batches) == 1
    batch = batches[0]
    if batch.rejected:
        assert "\n" not in batch.rejected
        return
    try:  # applied for real, read back, then undone
        with journal.db.atomic():
            report = import_batches(journal, batches)
            for result in report.files:
                assert result.rejected is None or "\n" not in result.rejected
            for session in journal.sessions():
                assert isinstance(session.held_on, date)
                json.dumps(session.answers)
            raise _Rollback
    except _Rollback:
        pass


@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_every_yaml_trap_in_a_note_front_matter_refuses_that_file(tmp_path, trap, journal):
    path = tmp_path / "2026-03-01-note.md"
    path.write_text(f"---\n{TRAPS[trap]}---\nThe text.\n", encoding="utf-8")
    [batch] = read_markdown(path)
    report = import_batches(journal, [batch])
    rejected = batch.rejected or report.files[0].rejected
    if trap in ("empty", "binary tag"):  # a note with no keys; a title given as bytes
        assert rejected is None
    else:
        assert rejected, trap
        assert "\n" not in rejected
    if trap in ("alias bomb", "alias to itself"):
        assert "aliases" in rejected
    if not rejected:
        assert journal.sessions()[0].body == "The text."


def test_an_escaped_emoji_is_one_character_in_every_reader(tmp_path, catalog, journal):
    text = json.dumps({"title": "Felt good \U0001f600", "body": "x"})  # "\\ud83d\\ude00"
    assert "\\ud83d\\ude00" in text
    parsed = parse_answers(parse_yaml(text, "a.json"), "a.json", catalog)
    session, _ = record_answers(journal, SessionFields(), parsed=parsed, catalog=catalog)
    assert journal.session(session.id).title == "Felt good \U0001f600"
    path = tmp_path / "2026-03-01-note.md"
    path.write_text('---\ntitle: "Felt good \\ud83d\\ude00"\n---\nx\n', encoding="utf-8")
    [batch] = read_markdown(path)
    assert batch.sessions[0].title == "Felt good \U0001f600"


def test_a_note_that_is_not_utf8_is_refused_naming_its_line(tmp_path, journal):
    path = tmp_path / "latin1.md"
    path.write_bytes("---\ntitle: ok\n---\ncaf\u00e9\n".encode("latin-1"))
    [batch] = read_markdown(path)
    assert batch.rejected == "line 4: not UTF-8 text"


@FUZZ
@given(note=notes())
def test_any_markdown_note_imports_or_is_refused_cleanly(tmp_path, note, journal):
    _check_note(tmp_path, *note, journal)
