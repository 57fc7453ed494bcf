"""README's examples are true: the prompt set and the answers file it shows are valid."""

import re
from pathlib import Path

import yaml

from reflect.answersfile import parse_answers
from reflect.promptsets import load_catalog, validate_set

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def yaml_block_after(heading: str) -> str:
    section = README[README.index(heading):]
    return re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)


def test_readme_prompt_set_example_is_valid():
    data = yaml.safe_load(yaml_block_after("## Your own prompt sets"))
    prompt_set, problems = validate_set(data, "gibbs")
    assert problems == []
    assert prompt_set.prompt("why_not").when.equals == "not_really"


def test_readme_answers_file_example_is_valid():
    data = yaml.safe_load(yaml_block_after("### Answers files"))
    parsed = parse_answers(data, "README", load_catalog())
    assert parsed.answers["heron"]["needed"] == ["cathartic", "supportive"]
    assert parsed.with_name == "Sam Jones"
