"""README's examples are true: the prompt set and the answers file it shows are valid."""

import re
from pathlib import Path

import yaml

from reflect.reflection.promptsets import load_catalog, validate_set
from reflect.reflection.recording import parse_answers

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


def readme_command(start: str) -> list[str]:
    """The README command beginning with `start`, continuation lines joined, comments cut."""
    import shlex

    lines = README[README.index(start):].splitlines()
    command = []
    for line in lines:
        text = line.split("  #")[0].rstrip()
        command.append(text.removesuffix("\\"))
        if not text.endswith("\\"):
            break
    return shlex.split(" ".join(command))[1:]


def test_readme_goal_example_is_fully_smart(reflect):
    import json

    reflect.new("--with", "Jo Bloggs")
    args = readme_command('reflect goal add --title "Genograms"')
    reflect(*args)
    [goal] = json.loads(reflect("goal", "list", "--json").stdout)
    assert {letter: v["verdict"] for letter, v in goal["smart"].items()} == dict.fromkeys(
        ["specific", "measurable", "achievable", "relevant", "time_bound"], "met")


def test_readme_contract_and_action_learning_examples_work(reflect):
    import json

    reflect("person", "add", "Sam Jones", "--as", "supervisee")
    reflect(*readme_command('reflect contract set "Sam Jones" --frequency'))
    contract = json.loads(reflect("contract", "show", "Sam Jones", "--json").stdout)
    assert contract["frequency_days"] == 28 and contract["length_minutes"] == 90
    assert "Court work" in contract["areas"]
    session_id = reflect(*readme_command("reflect new --kind action-learning")).stdout.strip()
    record = json.loads(reflect("show", session_id, "--format", "json").stdout)
    assert record["presenter"] == "Bo" and record["attendees"] == ["Bo", "Cy"]


def test_the_developers_map_names_every_folder_and_only_real_ones():
    package = Path(__file__).resolve().parent.parent / "reflect"
    section = README[README.index("## For developers"):]
    table = section[:section.index("\n\n", section.index("| layer | folder |"))]
    named = set(re.findall(r"^\|[^|]*\| `([a-z_]+)/` \|", table, re.MULTILINE))
    folders = {p.name for p in package.iterdir()
               if p.is_dir() and (p / "__init__.py").exists() and p.name != "prompts"}
    assert named == folders
