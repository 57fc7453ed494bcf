"""Measure reflect against jrnl, and against its own floors, on the same notes in one run.

Run:  python benchmarks/bench_journal.py [--sizes 1000,10000] [--repeat 5] [--json OUT]

For each size N it generates N realistic supervision notes (deterministic: the same seed
gives the same notes): a title, 150-300 words of free reflection drawn from a long-tail
vocabulary (a few words common, most rare), a tag and a person. reflect's journal gets them
through its own JSON import, with what only reflect records beside them: the person as a
person, Proctor and Heron answers in two sessions of three, and a goal every 25 sessions.
jrnl's own text journal is written from the same notes, so both tools hold the same words;
importing jrnl's JSON export of them into reflect is timed too. Everything happens in a
temporary folder, never your own journal.

jrnl runs from its own venv (benchmarks/.jrnl-venv, made on first use with `pip install
jrnl==4.*`), never from the project's. So does reflect (benchmarks/.reflect-venv), installed
from this working tree as README's main command installs it, not editable; the floors run
on that venv's Python. Each operation runs once to warm up, then --repeat
times for each tool, alternating the two, and the median is shown; peak memory (maximum
resident set size) is taken from the same runs. The floors show what the command-line layer
costs: `python -c pass`, a minimal Typer app's --help, and a bare script that imports Typer
and runs `list`'s query through the SQLite driver; each floor alternates with the reflect
command it is held against, in runs of its own.

--importtime DIR writes `python -X importtime` summaries per command into DIR.
No test asserts on time; CI never runs this.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
JRNL_VENV = HERE / ".jrnl-venv"
REFLECT_VENV = HERE / ".reflect-venv"
PEOPLE = ["Sam Jones", "Jo Bloggs", "Priya Shah", "Tom Reid", "Ana Costa", "Lee Wong"]
TAGS = ["workload", "risk", "court", "wellbeing", "learning", "safeguarding"]
COMMON = ("the and to of a in that we it was about for with on is her his they this at as "
          "family visit child plan review risk school supervision worry").split()
MEDIAN = statistics.median


# Notes --------------------------------------------------------------------------------

def vocabulary(rng: random.Random, size: int = 20000) -> list[str]:
    """Made-up words with a long tail: drawn by Zipf-like weights, a few come up often."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = {"".join(rng.choices(letters, k=rng.randint(4, 10))) for _ in range(size)}
    return COMMON + sorted(words)


def notes(count: int, seed: int = 20261130) -> tuple[dict, str, str]:
    """jrnl's JSON export of `count` notes, and a rare and a common word in them."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    start = date(2016, 1, 4)
    entries = []
    for n in range(count):
        day = start + timedelta(days=n * 3650 // max(count, 1))
        body = " ".join(rng.choices(words, weights, k=rng.randint(150, 300)))
        entries.append({"title": f"Supervision with {PEOPLE[n % len(PEOPLE)]}",
                        "body": body, "date": day.isoformat(), "time": "09:00",
                        "tags": [f"@{rng.choice(TAGS)}"], "starred": False})
    rare = words[len(words) // 2]
    return {"tags": {}, "entries": entries}, rare, "supervision"


HERON = ["prescriptive", "informative", "confronting", "cathartic", "catalytic", "supportive"]
PROCTOR = ["normative", "formative", "restorative"]


def reflect_export(export: dict, seed: int = 20261130) -> dict:
    """reflect's JSON export of the same notes, with people, model answers and goals."""
    rng = random.Random(seed + 1)
    sessions, goals = [], []
    for n, entry in enumerate(export["entries"]):
        person = PEOPLE[n % len(PEOPLE)]
        answers: dict = {}
        if n % 3:
            first = rng.randint(10, 70)
            second = rng.randint(0, 100 - first)
            answers = {
                "proctor": {"split": dict(zip(PROCTOR, (first, second, 100 - first - second),
                                              strict=True)),
                            "needed_more": rng.choice([*PROCTOR, "balance_right"]),
                            "bring_next": " ".join(entry["body"].split()[:8])},
                "heron": {"used": rng.sample(HERON, rng.randint(1, 4)),
                          "needed": rng.sample(HERON, rng.randint(0, 2))}}
        stamp = f"{entry['date']}T09:00:00+00:00"
        session_id = f"{rng.getrandbits(128):032x}"
        sessions.append({
            "id": session_id, "date": entry["date"], "title": entry["title"], "with": person,
            "attendees": [], "as": "supervisee", "kind": "individual",
            "tags": [tag.lstrip("@") for tag in entry["tags"]], "models": list(answers),
            "goals": [], "created": stamp, "updated": stamp, "status": "final",
            "answers": answers, "body": entry["body"]})
        if n % 25 == 0:
            due = (date.fromisoformat(entry["date"]) + timedelta(days=120)).isoformat()
            goals.append({
                "id": f"{rng.getrandbits(128):032x}", "title": f"Goal {n} with {person}",
                "specific": "Use a genogram with each new family",
                "measurable": "My supervisor sees three in case files",
                "achievable": "Within three months, with the team's template",
                "relevant": "Assessment quality", "due": due, "function": "formative",
                "partner": person, "session_id": session_id, "status": "open",
                "status_note": None, "created": stamp, "updated": stamp, "reviews": []})
    people = [{"name": name, "role": None, "team": None, "created": "2016-01-01T09:00:00+00:00"}
              for name in PEOPLE]
    return {"format_version": 1, "people": people, "sessions": sessions, "goals": goals,
            "actions": [], "contracts": [], "deleted": []}


def write_jrnl(folder: Path, export: dict) -> dict[str, str]:
    """jrnl's own text journal of the same notes, and the environment that finds it."""
    journal = folder / "jrnl.txt"
    with open(journal, "w", encoding="utf-8") as f:
        for entry in export["entries"]:
            tags = " ".join(entry["tags"])
            f.write(f"[{entry['date']} {entry['time']}] {entry['title']}.\n"
                    f"{entry['body']} {tags}\n\n")
    config = folder / "jrnl-config" / "jrnl"
    config.mkdir(parents=True)
    (config / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
        "highlight: false\nindent_character: '|'\n"
        f"journals: {{default: {{journal: {journal}}}}}\nlinewrap: 79\n"
        "tagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\nversion: v4.6\n")
    return {**os.environ, "XDG_CONFIG_HOME": str(folder / "jrnl-config"),
            "HOME": str(folder)}


def jrnl_command() -> list[str] | None:
    """jrnl in its own venv, made on first use; None when it cannot be installed."""
    binary = JRNL_VENV / "bin" / "jrnl"
    if not binary.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(JRNL_VENV)], check=True)
            subprocess.run([str(JRNL_VENV / "bin" / "pip"), "install", "-q", "jrnl==4.*"],
                           check=True)
        except (OSError, subprocess.CalledProcessError):
            return None
    return [str(binary)]


def reflect_python() -> Path:
    """The Python of a venv holding reflect as README's main command installs it (`pip
    install .`, not editable: an editable install's import hook costs every command), made
    on first use; the working tree is installed into it again on every run."""
    python = REFLECT_VENV / "bin" / "python"
    root = str(HERE.parent)
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(REFLECT_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", root], check=True)
    else:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps",
                        "--force-reinstall", root], check=True)
    return python


# Timing -------------------------------------------------------------------------------

def run(command: list[str], env: dict, prepare=None) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of one whole command, process start included."""
    if prepare:
        prepare()
    wrapped = ["/usr/bin/time", "-f", "%M", *command] if Path("/usr/bin/time").exists() \
        else command
    start = time.perf_counter()
    done = subprocess.run(wrapped, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    lines = done.stderr.strip().splitlines()
    peak = int(lines[-1]) if wrapped is not command and lines and lines[-1].isdigit() else 0
    return seconds, peak


def compare(pairs: dict[str, tuple], repeat: int) -> dict[str, dict[str, float]]:
    """Each operation for each tool: a warm-up, then `repeat` runs alternating the tools.
    `pairs` maps an operation to {tool: (command, env, prepare or None)}."""
    found: dict[str, dict[str, float]] = {}
    for operation, tools in pairs.items():
        times: dict[str, list] = {tool: [] for tool in tools}
        for command, env, prepare in tools.values():  # the warm-up
            run(command, env, prepare)
        for _ in range(repeat):
            for tool, (command, env, prepare) in tools.items():
                times[tool].append(run(command, env, prepare))
        found[operation] = {}
        for tool, runs in times.items():
            found[operation][tool] = MEDIAN(seconds for seconds, _ in runs)
            found[operation][f"{tool} peak MiB"] = max(peak for _, peak in runs) / 1024
    return found


FLOOR_LIST = """import sys, typer
app = typer.Typer(add_completion=False)
@app.command()
def main(journal: str, n: int = 10):
    from sqlcipher3 import dbapi2 as sqlite
    db = sqlite.connect(journal)
    for row in db.execute("SELECT id, held_on, title FROM sessions WHERE deleted_at IS NULL"
                          " ORDER BY held_on DESC, created DESC LIMIT ?", [n]):
        print(*row, sep="\\t")
app()
"""
FLOOR_HELP = """import typer
app = typer.Typer(add_completion=False)
@app.command()
def hello(name: str = "you"):
    "Say hello."
    print(name)
@app.command()
def bye():
    "Say goodbye."
app()
"""


def measure(size: int, repeat: int, jrnl: list[str] | None, importtime: Path | None,
            python: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export, rare, common = notes(size)
        source = folder / "notes.jrnl.json"
        source.write_text(json.dumps(export))
        own = folder / "notes.reflect.json"
        own.write_text(json.dumps(reflect_export(export)))
        journal = folder / "reflect.db"
        # bytecode written once, as an installed package has it
        env = {key: value for key, value in os.environ.items()
               if key != "PYTHONDONTWRITEBYTECODE"}
        env.update({"HOME": str(folder / "home"), "REFLECT_JOURNAL": str(journal),
                    "REFLECT_CONFIG_DIR": str(folder / "reflect-config")})
        reflect = [str(python.parent / "reflect")]  # the console script, as installed
        started = time.perf_counter()
        subprocess.run(reflect + ["import", str(own)], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        newest = subprocess.run(reflect + ["list", "-n", "1"], env=env, check=True,
                                capture_output=True, text=True).stdout.split("\t")[0]
        print(f"  built a reflect journal of {size} notes in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
        jenv = write_jrnl(folder, export) if jrnl else None
        again = folder / "again.db"

        def fresh_import():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{again}{suffix}").unlink(missing_ok=True)

        out = folder / "out"

        def both(ours: list[str], theirs: list[str] | None, prepare=None) -> dict:
            tools = {"reflect": (reflect + ours, env, prepare)}
            if jrnl and theirs is not None:
                tools["jrnl"] = (jrnl + theirs, jenv, prepare)
            return tools

        pairs = {
            "--version": both(["--version"], ["--version"]),
            "--help": both(["--help"], ["--help"]),
            "list the 10 newest": both(["list", "-n", "10"], ["-n", "10"]),
            "show one note": both(["show", newest], None),
            f"search a rare word ({rare})": both(["search", rare], ["-contains", rare]),
            f"search a common word ({common})": both(["search", common],
                                                     ["-contains", common]),
            "export to one markdown file": both(
                ["export", "--single", "--out", str(out / "all.md"), "--force"],
                ["--format", "markdown", "--file", str(out / "all.md")],
                prepare=lambda: out.mkdir(exist_ok=True)),
            "export to a folder of notes": both(
                ["export", "--out", str(out / "vault"), "--force"],
                ["--format", "markdown", "--file", str(out / "vault") + "/"],
                prepare=lambda: (out / "vault").mkdir(parents=True, exist_ok=True)),
            "import jrnl's JSON": {"reflect": (
                reflect + ["--journal", str(again), "import", str(source)], env,
                fresh_import)},
            "list every session": both(["list"], None),
            "stats": both(["stats"], None),
            f"prepare (with {PEOPLE[0]})": both(["prepare", "--with", PEOPLE[0]], None),
            "add one entry": both(["new", "--body", "A short note."],
                                  ["A short note."]),
        }
        results = compare(pairs, repeat)
        (folder / "floor_list.py").write_text(FLOOR_LIST)
        (folder / "floor_help.py").write_text(FLOOR_HELP)
        bare = [str(python), str(folder / "floor_list.py"), str(journal)]
        search = next(op for op in pairs if op.startswith("search a common word"))
        # each floor alternates with the reflect command it is held against, so that
        # both meet the machine in the same state
        floors = {operation: {"label": label, **compare({operation: {
            "reflect": pairs[operation]["reflect"], "floor": (command, env, None)}},
            repeat)[operation]}
            for operation, label, command in (
                ("--version", "python -c pass", [str(python), "-c", "pass"]),
                ("--help", "a minimal Typer app's --help",
                 [str(python), str(folder / "floor_help.py"), "--help"]),
                ("list the 10 newest", "Typer and list's query, bare", bare),
                ("show one note", "Typer and list's query, bare", bare),
                (search, "Typer and list's query, bare", bare))}
        if importtime:
            write_importtime(importtime, python, env, rare)
        return {"size": size, "operations": results, "floors": floors}


def write_importtime(folder: Path, python: Path, env: dict, word: str) -> None:
    """The 15 slowest imports (cumulative) of each command, from python -X importtime."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, args in (("version", ["--version"]), ("help", ["--help"]),
                       ("list", ["list", "-n", "10"]), ("search", ["search", word])):
        done = subprocess.run([str(python), "-X", "importtime", "-m", "reflect", *args],
                              env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        rows = [line.split("|") for line in done.stderr.splitlines()
                if line.startswith("import time:") and "cumulative" not in line]
        rows.sort(key=lambda r: -int(r[1]))
        text = "".join(f"{int(r[1]) / 1000:8.1f} ms  {r[2].rstrip()}\n" for r in rows[:15])
        (folder / f"{name}.txt").write_text(f"reflect {' '.join(args)}: slowest imports, "
                                            f"cumulative\n{text}")


def table(result: dict) -> str:
    lines = [f"\nN = {result['size']:,}", "",
             "| operation | reflect | jrnl | jrnl / reflect | reflect peak | jrnl peak |",
             "|---|---:|---:|---:|---:|---:|"]
    for operation, found in result["operations"].items():
        ours, theirs = found["reflect"], found.get("jrnl")
        ratio = f"{theirs / ours:.1f}x" if theirs else ""
        lines.append(f"| {operation} | {ours:.3f} s | "
                     f"{f'{theirs:.3f} s' if theirs else ''} | {ratio} | "
                     f"{found['reflect peak MiB']:.0f} MiB | "
                     f"{f'''{found['jrnl peak MiB']:.0f} MiB''' if theirs else ''} |")
    lines += ["", "| floor | seconds | reflect, alternating with it | reflect / floor |",
              "|---|---:|---|---:|"]
    for operation, found in result["floors"].items():
        ours, floor = found["reflect"], found["floor"]
        lines.append(f"| {found['label']} | {floor:.3f} s | `{operation}` {ours:.3f} s | "
                     f"{ours / floor:.2f}x |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated journal sizes (e.g. 1000,10000,100000)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-jrnl", action="store_true", help="time reflect alone")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--importtime", type=Path, help="write importtime summaries here")
    args = parser.parse_args()
    jrnl = None if args.no_jrnl else jrnl_command()
    python = reflect_python()
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"measuring N = {size} ...", file=sys.stderr)
        results.append(measure(size, args.repeat, jrnl, args.importtime, python))
        print(table(results[-1]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
