"""Results that reach across sessions: Stoltenberg's change since last time."""

import json


def record(reflect, date, levels, with_name="Sam Jones"):
    answers = {"date": date, "with": with_name, "answers": {"stoltenberg": levels}}
    return reflect("new", "--answers", "-", input=json.dumps(answers)).stdout.strip()


def results(reflect, session_id):
    return json.loads(reflect("show", session_id, "--format", "json").stdout)["results"]


def test_change_since_the_previous_session_with_the_same_person(reflect):
    record(reflect, "2026-09-01", {"motivation": "level_1", "autonomy": "level_2"})
    record(reflect, "2026-09-15", {"motivation": "level_1"}, with_name="Jo Bloggs")
    latest = record(reflect, "2026-10-01", {"motivation": "level_2", "autonomy": "level_2",
                                            "awareness": "level_3"})
    found = results(reflect, latest)["stoltenberg"]
    assert found["levels"] == {"motivation": 2, "autonomy": 2, "awareness": 3}
    assert found["change"] == {"motivation": "up", "autonomy": "same"}
    text = reflect("show", latest, "--format", "markdown").stdout
    assert "Since last time" in text
    assert "| Motivation | Level 2" in text and "↑ up |" in text and "→ same |" in text


def test_no_change_without_an_earlier_session(reflect):
    first = record(reflect, "2026-09-01", {"motivation": "level_1"})
    assert "change" not in results(reflect, first)["stoltenberg"]


def test_a_later_session_is_not_the_previous_one(reflect):
    earlier = record(reflect, "2026-09-01", {"autonomy": "level_1"})
    record(reflect, "2026-10-01", {"autonomy": "level_3"})
    assert "change" not in results(reflect, earlier)["stoltenberg"]
