"""prepare, stats and held through the CLI, on small histories worked out by hand."""

import json
import os
from datetime import date, timedelta

import pytest


def session(reflect, day, split=None, with_name="Sam Jones", **more):
    answers = {"proctor": {"split": split, "bring_next": more.pop("bring", None)}} if split \
        else {}
    answers.update(more.pop("answers", {}))
    data = {"date": day, "with": with_name, "answers": answers, **more}
    if "proctor" in answers:
        answers["proctor"] = {k: v for k, v in answers["proctor"].items() if v is not None}
    if not answers:
        data["body"] = "A note."
    return reflect("new", "--answers", "-", input=json.dumps(data)).stdout.strip()


def days_ago(n):
    return (date.today() - timedelta(days=n)).isoformat()


@pytest.fixture
def history(reflect):
    # Three sessions: normative 80/70/90 (mean 80), formative 15/20/5 (mean 13.3 -> 13),
    # restorative 5/10/5 (mean 6.7 -> 7): formative and restorative are both under 20%.
    session(reflect, days_ago(90), {"normative": 80, "formative": 15, "restorative": 5},
            answers={"stoltenberg": {"autonomy": "level_1"}})
    session(reflect, days_ago(60), {"normative": 70, "formative": 20, "restorative": 10})
    session(reflect, days_ago(45), {"normative": 90, "formative": 5, "restorative": 5},
            bring="The Smith case", answers={
                "stoltenberg": {"autonomy": "level_2"},
                "desc": {"describe": "the notes are late", "specify": "notes within a week"}})
    reflect("contract", "set", "Sam Jones", "--frequency", "every 4 weeks", "--length", "60",
            "--review", (date.today() + timedelta(days=10)).isoformat())
    reflect("goal", "add", "--title", "Genograms", "--partner", "Sam Jones", "--due",
            (date.today() + timedelta(days=20)).isoformat())
    reflect("goal", "add", "--title", "Later", "--partner", "Sam Jones", "--due", "in 5 months")
    reflect("action", "add", "Send the chronology by tomorrow", "--who", "Sam Jones")


def test_prepare_json_names_what_matters(reflect, history):
    data = reflect.json("prepare", "--with", "sam jones")
    assert data["person"] == "Sam Jones"
    assert data["last_session"] == days_ago(45)
    assert data["neglected_functions"] == ["formative", "restorative"]
    assert data["balance"]["shares"] == {"normative": 80, "formative": 13, "restorative": 7}
    assert [g["title"] for g in data["goals_due"]] == ["Genograms"]
    assert [a["what"] for a in data["actions_open"]] == ["Send the chronology"]
    assert data["levels"]["domains"]["autonomy"]["latest"] == 2
    assert data["levels"]["domains"]["autonomy"]["change"] == "up"
    assert data["contract_review_due"] is True
    assert data["gap"]["overdue"] is True  # 45 days since, agreed 28
    assert [d["describe"] for d in data["pending_desc"]] == ["the notes are late"]
    assert data["bring_next"]["proctor"] == "The Smith case"
    assert sum(item["minutes"] for item in data["agenda"]) == 60
    titles = " ".join(item["item"].lower() for item in data["agenda"])
    assert "wellbeing" in titles and "learning" in titles


def test_prepare_markdown_and_out_file(reflect, history, tmp_path):
    out = tmp_path / "agenda.md"
    result = reflect("prepare", "--with", "Sam Jones", "--as", "supervisor", "--out", str(out))
    text = out.read_text()
    assert text.startswith("# Preparing supervision with Sam Jones")
    assert "## Suggested agenda" in text and "| Minutes | Item | Why |" in text
    assert "Make room for the restorative (support) function" in text
    assert "The Smith case" in text
    assert "longer than the agreed gap of 28 days" in text
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert result.stdout == f"{out}\n"  # with --out, stdout holds only the path
    reflect("prepare", "--with", "Sam Jones", "--out", str(out), code=1)  # exists, no --yes
    again = tmp_path / "again.md"
    result = reflect("prepare", "--with", "Sam Jones", "--as", "supervisor", "--out",
                     str(again), "--json")
    assert again.read_text() == text  # the file is written, and the JSON printed
    assert json.loads(result.stdout)["person"] == "Sam Jones"


def test_prepare_never_writes_over_the_journal_and_out_dash_is_stdout(
        reflect, history, journal_path, tmp_path):
    from tests.support import all_bytes, assert_one_line_error

    before = all_bytes(journal_path)
    for target in (journal_path, journal_path.parent / f"{journal_path.name}-wal"):
        assert_one_line_error(reflect("prepare", "--with", "Sam Jones", "--out", str(target),
                                      "--yes", code=1), "is the journal itself")
    assert all_bytes(journal_path) == before
    assert_one_line_error(reflect("goal", "export", "--out", str(journal_path), "--yes",
                                  code=1), "is the journal itself")
    assert_one_line_error(reflect("export", "--single", "--out", str(journal_path), "--force",
                                  code=1), "is the journal itself")
    linked = tmp_path / "another-name.db"
    os.link(journal_path, linked)  # the same file under another name
    assert_one_line_error(reflect("prepare", "--with", "Sam Jones", "--out", str(linked),
                                  "--yes", code=1), "is the journal itself")
    assert all_bytes(journal_path) == before
    shown = reflect("prepare", "--with", "Sam Jones", "--out", "-").stdout
    assert shown.startswith("# ") and not (tmp_path / "-").exists()
    assert_one_line_error(reflect("prepare", "--with", "Sam Jones", "--out", "-", "--json",
                                  code=1), "stdout")
    folder = tmp_path / "agendas"
    folder.mkdir()
    assert_one_line_error(reflect("prepare", "--with", "Sam Jones", "--out", str(folder),
                                  "--yes", code=1), "is a folder")


def test_prepare_as_supervisee(reflect, history):
    text = reflect("prepare", "--with", "Sam Jones", "--as", "supervisee").stdout
    assert text.startswith("# What to bring to supervision with Sam Jones")


def test_held_takes_the_desc_plan_off_the_list(reflect, history):
    planned = reflect.json("prepare", "--with", "Sam Jones")["pending_desc"][0]["id"]
    assert "say what was said and agreed" in reflect("held", planned[:8], code=1).stderr
    reflect("held", planned[:8], "--agreed", "Notes within a week")
    assert reflect.json("prepare", "--with", "Sam Jones")["pending_desc"] == []
    assert "already marked held" in reflect("held", planned[:8], code=1).stderr
    other = session(reflect, days_ago(1))
    assert "no DESC plan" in reflect("held", other, code=1).stderr


def test_prepare_with_no_history_gives_a_first_session_agenda(reflect):
    reflect("person", "add", "New Starter", "--as", "supervisee")
    data = reflect.json("prepare", "--with", "New Starter")
    assert data["first_session"] is True and data["last_session"] is None
    assert any("contract" in item["item"].lower() or "contract" in item["why"].lower()
               for item in data["agenda"])
    text = reflect("prepare", "--with", "New Starter").stdout
    assert "first-session agenda" in text
    assert text.startswith("# Preparing supervision with New Starter")


def test_prepare_unknown_person_is_a_one_line_error(reflect):
    result = reflect("prepare", "--with", "Nobody", code=1)
    assert result.stderr.startswith("reflect: error: no person called 'Nobody'")
    assert len(result.stderr.strip().splitlines()) == 1


def test_prepare_settings_change_the_threshold(reflect, history):
    reflect("config", "set", "neglect_threshold", "10")
    assert reflect.json("prepare", "--with", "Sam Jones")["neglected_functions"] == [
        "restorative"]
    # Under 15%: formative only once (15, 20, 5: not most), restorative every time.
    assert reflect.json("prepare", "--with", "Sam Jones", "--threshold", "15")[
        "neglected_functions"] == ["restorative"]
    # Under 25%: formative in all three, so both.
    assert reflect.json("prepare", "--with", "Sam Jones", "--threshold", "25")[
        "neglected_functions"] == ["formative", "restorative"]


def test_stats_json_and_view(reflect, history):
    session(reflect, days_ago(30), with_name="Jo Bloggs")
    data = reflect.json("stats")
    assert data["sessions"] == 4
    assert sum(data["per_month"].values()) == 4
    assert data["goals"]["opened"] == 2 and data["goals"]["open"] == 2
    sam = reflect.json("stats", "--with", "Sam Jones")
    assert sam["sessions"] == 3
    assert sam["gap"]["frequency_days"] == 28
    assert sam["gap"]["average_days"] == 22.5  # 90 -> 60 -> 45 days ago: gaps 30 and 15
    view = reflect("stats", "--with", "Sam Jones").stdout
    assert "Proctor balance" in view and "█" in view
    assert "Development" in view and "1 → 2" in view
    assert reflect.json("stats", "--from", days_ago(50))["sessions"] == 2


def test_stats_on_an_empty_journal(reflect):
    data = reflect.json("stats")
    assert data["sessions"] == 0 and data["per_month"] == {}
    assert "0 sessions" in reflect("stats").stdout
