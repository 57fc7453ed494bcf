"""Measure reflect against jrnl on the same 5,000 entries, and time prepare and stats.

Run:  python benchmarks/bench_journal.py [--sessions 5000] [--repeat 5] [--jrnl PATH]

It builds both journals in a temporary folder (never your own), then times whole commands
as a user runs them (process start included), taking the median of --repeat runs:
  list the 10 newest     reflect list -n 10 --json   vs  jrnl -n 10
  filter by a tag        reflect list --tag T --json  vs  jrnl @T
  prepare / stats        reflect prepare --with NAME --json; reflect stats --json
and times prepare and stats in-process too (the work itself, without Python start-up),
which the target of half a second on 5,000 sessions is about. jrnl is optional: install
it (pip install jrnl) or pass --jrnl; without it the peer rows are skipped.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

PEOPLE = ["Sam Jones", "Jo Bloggs", "Priya Shah", "Tom Reid", "Ana Costa", "Lee Wong"]
TAGS = ["workload", "risk", "court", "wellbeing", "learning"]
WORDS = ("chronology visit family plan review risk school assessment strengths worry "
         "decision supervision reflection child parent agency meeting record").split()


def sample_answers(rng: random.Random) -> dict:
    normative = rng.randint(40, 90)
    formative = rng.randint(0, 100 - normative)
    heron = ["prescriptive", "informative", "confronting", "cathartic", "catalytic",
             "supportive"]
    return {
        "proctor": {"split": {"normative": normative, "formative": formative,
                              "restorative": 100 - normative - formative},
                    "bring_next": " ".join(rng.choices(WORDS, k=6))},
        "heron": {"used": rng.sample(heron, 2), "needed": rng.sample(heron, 1)},
        "stoltenberg": {d: f"level_{rng.randint(1, 4)}"
                        for d in ("motivation", "autonomy", "awareness")},
    }


def build_reflect(path: Path, count: int, rng: random.Random) -> list[tuple]:
    from reflect.journal.connection import open_journal

    journal = open_journal(path)
    entries = []
    start = date.today() - timedelta(days=count)
    with journal.db.atomic():
        for i in range(count):
            day = start + timedelta(days=i)
            body = " ".join(rng.choices(WORDS, k=40))
            tag = rng.choice(TAGS)
            journal.add_session(held_on=day, title=f"Session {i}", kind="individual",
                                role="supervisor", with_name=PEOPLE[i % len(PEOPLE)],
                                body=body, tags=[tag], answers=sample_answers(rng))
            entries.append((day, f"Session {i}", body, tag))
    journal.close()
    return entries


def build_jrnl(folder: Path, entries: list[tuple]) -> dict:
    journal = folder / "jrnl.txt"
    with open(journal, "w", encoding="utf-8") as f:
        for day, title, body, tag in entries:
            f.write(f"[{day.isoformat()} 09:00] {title}. {body} @{tag}\n\n")
    config = folder / "config" / "jrnl"
    config.mkdir(parents=True)
    (config / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
        "highlight: false\nindent_character: '|'\n"
        f"journals: {{default: {{journal: {journal}}}}}\nlinewrap: 79\n"
        "tagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\nversion: v4.0\n")
    return {**os.environ, "XDG_CONFIG_HOME": str(folder / "config"), "HOME": str(folder)}


def median_seconds(command: list[str], env: dict, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process(journal_path: Path, repeat: int) -> dict[str, float]:
    from reflect.insight.prepare import prepare
    from reflect.insight.stats import stats
    from reflect.journal.connection import open_journal
    from reflect.journal.sessions import SessionFilter

    journal = open_journal(journal_path)
    found = {}
    for label, work in (
        ("prepare", lambda: prepare(
            PEOPLE[0], journal.sessions(SessionFilter(with_name=PEOPLE[0])),
            journal.goals.with_person(PEOPLE[0]), journal.goals.actions_with(PEOPLE[0]),
            journal.people.contract(PEOPLE[0]), date.today())),
        ("stats", lambda: stats(journal.sessions(), journal.goals.list(), today=date.today())),
    ):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        found[label] = statistics.median(times)
    journal.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jrnl", default=shutil.which("jrnl"))
    args = parser.parse_args()
    rng = random.Random(20261122)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        journal_path = folder / "reflect.db"
        entries = build_reflect(journal_path, args.sessions, rng)
        env = {**os.environ, "REFLECT_JOURNAL": str(journal_path),
               "REFLECT_CONFIG_DIR": str(folder / "reflect-config")}
        reflect = [sys.executable, "-m", "reflect"]
        rows = [
            ("list the 10 newest", reflect + ["list", "-n", "10", "--json"],
             ["-n", "10"]),
            ("filter by a tag", reflect + ["list", "--tag", "court", "--json"], ["@court"]),
            ("prepare", reflect + ["prepare", "--with", PEOPLE[0], "--json"], None),
            ("stats", reflect + ["stats", "--json"], None),
        ]
        jrnl_env = build_jrnl(folder, entries) if args.jrnl else None
        print(f"{args.sessions} sessions, median of {args.repeat} runs (seconds)")
        print(f"{'task':<22}{'reflect':>10}{'jrnl':>10}")
        for label, command, jrnl_args in rows:
            ours = median_seconds(command, env, args.repeat)
            theirs = (median_seconds([args.jrnl, *jrnl_args], jrnl_env, args.repeat)
                      if jrnl_args and jrnl_env else None)
            print(f"{label:<22}{ours:>10.3f}{'' if theirs is None else f'{theirs:>10.3f}'}")
        for label, seconds in in_process(journal_path, args.repeat).items():
            print(f"{label + ' (in-process)':<22}{seconds:>10.3f}")


if __name__ == "__main__":
    main()
