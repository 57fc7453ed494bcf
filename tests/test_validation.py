"""One way to validate a user's file: every problem at once, in reflect's words."""

from __future__ import annotations

import pytest

from tests.support import assert_one_line_error

PYDANTIC_WORDS = ("Extra inputs", "Field required", "Input should be", "validation error",
                  "Value error")


def no_pydantic_words(line: str) -> None:
    assert not any(words in line for words in PYDANTIC_WORDS), line


def test_a_settings_file_names_every_bad_value_and_unknown_key(reflect, config_dir):
    config_dir.mkdir(parents=True)
    (config_dir / "config.yaml").write_text("role: boss\ncolour: red\nneglect_threshold: 99\n")
    line = assert_one_line_error(reflect("config", "list", code=None), "has 3 problems")
    assert "role: expected one of supervisee, supervisor, peer" in line
    assert "neglect_threshold: expected a whole number from 1 to 50" in line
    assert "colour: unknown setting; known: default_models" in line
    no_pydantic_words(line)


def test_a_good_settings_file_still_reads_and_defaults_fill_the_rest(reflect, config_dir):
    config_dir.mkdir(parents=True)
    (config_dir / "config.yaml").write_text("role: peer\nretention: 6y\n")
    found = reflect.json("config", "list")
    assert (found["role"], found["retention"], found["kind"]) == ("peer", "6y", "individual")


@pytest.mark.parametrize("content, words", [
    ("date: someday\nwith: [1, 2]\nmood: low\n",
     ["mood: unknown key", "date: ", "with: expected text"]),
    ("duration: -5\ntags: {a: 1}\n",
     ["duration: expected a whole number of minutes", "tags: expected a list of words"]),
])
def test_an_answers_file_is_checked_in_reflects_words(reflect, tmp_path, content, words):
    path = tmp_path / "answers.yaml"
    path.write_text(content)
    line = assert_one_line_error(reflect("new", "--answers", str(path), code=None), *words)
    positions = [line.index(word) for word in words]
    assert positions == sorted(positions)  # unknown keys first, then the file's own order
    no_pydantic_words(line)


def test_a_goal_file_is_checked_in_reflects_words(reflect, tmp_path):
    path = tmp_path / "goals.yaml"
    path.write_text("- title: Fine\n  colour: red\n- specific: [a]\n  due: someday\n")
    line = assert_one_line_error(reflect("goal", "add", "--from-file", str(path), code=None),
                                 "goal 1: colour: unknown key", "goal 2: title: a goal needs",
                                 "goal 2: specific: expected text", "goal 2: due: ")
    no_pydantic_words(line)


def test_an_imported_note_says_what_is_wrong_in_reflects_words(reflect, tmp_path):
    note = tmp_path / "vault" / "note.md"
    note.parent.mkdir()
    note.write_text("---\nid: 0123456789abcdef0123456789abcdef\ndate: 2026-13-01\n"
                    "title: A\nupdated: 2026-11-20T10:00:00+00:00\nduration: long\n"
                    "tgas: [x]\n---\n\nText.\n")
    result = reflect("import", str(note.parent), code=1)
    assert (f"{note}: line 3: date: '2026-13-01' is not a date (YYYY-MM-DD); line 6: "
            "duration: expected a whole number, not 'long'") in result.stderr
    no_pydantic_words(result.stderr)
    note.write_text(note.read_text().replace("2026-13-01", "2026-11-20").replace(
        "duration: long\n", ""))
    result = reflect("import", str(note.parent))
    assert f"{note}: line 6: unknown key 'tgas' kept as it is (did you mean 'tags'?)" in (
        result.stderr)
    no_pydantic_words(result.stderr)


def test_the_translator_merges_union_members_and_splits_validator_lines():
    from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

    from reflect.settings.validation import place, problems

    class Sample(BaseModel):
        model_config = ConfigDict(extra="forbid")
        version: int | str
        items: list[int] = []
        note: str = ""

        @field_validator("note")
        @classmethod
        def _two(cls, value):
            raise ValueError("first problem\nsecond problem")

    with pytest.raises(ValidationError) as caught:
        Sample.model_validate({"version": [1], "items": [1, "x"], "note": "n", "odd": 1})
    assert problems(caught.value, prefix="f: ") == [
        "f: version: expected a whole number or text",
        "f: items.1: expected a whole number, not 'x'",
        "f: note: first problem", "f: note: second problem", "f: odd: unknown field"]
    assert problems(caught.value, where=place)[1].startswith("items[1]: ")
