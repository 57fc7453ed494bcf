"""Exports with --redact leave out names and identifiers in every format."""

import json

import pytest

from tests.support import all_bytes

NHS = "943 476 5919"  # a valid NHS number: the mod-11 check digit is 9


@pytest.fixture
def journal(reflect):
    reflect("person", "add", "Sam Okonkwo", "--as", "supervisee")
    reflect("redact", "add", "Whitcombe")
    session_id = reflect.new(
        "--with", "Sam Okonkwo", "--title", "Whitcombe family review",
        body=(f"Sam Okonkwo visited the Whitcombe family. Mum's email is mum@example.org, "
              f"phone 07700 900123, postcode SW1A 1AA, NHS number {NHS}, DOB 03/04/2015."))
    reflect("goal", "add", "--title", "Support the Whitcombe children", "--partner",
            "Sam Okonkwo", "--session", session_id)
    return session_id


SECRETS = [b"okonkwo", b"whitcombe", b"mum@example.org", b"07700", b"sw1a", b"943 476",
           b"03/04/2015"]



@pytest.mark.parametrize("fmt, target", [("markdown", "out"), ("html", "out"),
                                         ("json", "out.json")])
def test_redacted_export_holds_no_identifier(reflect, journal, tmp_path, fmt, target):
    out = tmp_path / target
    result = reflect("export", "--format", fmt, "--out", str(out), "--redact")
    data = all_bytes(out).lower()
    for secret in SECRETS:
        assert secret not in data, secret
    assert b"[supervisee 1]" in data and b"[nhs number]" in data
    assert b"[date of birth]" in data and b"[postcode]" in data
    assert "redacted" in result.stderr


def test_file_names_carry_no_names(reflect, journal, tmp_path):
    out = tmp_path / "out"
    reflect("export", "--out", str(out), "--redact")
    assert not any("whitcombe" in p.name.lower() for p in out.rglob("*"))


def test_dry_run_lists_what_and_where_and_writes_nothing(reflect, journal, tmp_path):
    out = tmp_path / "out"
    result = reflect("export", "--out", str(out), "--redact", "--dry-run")
    assert not out.exists()
    lines = result.stdout.splitlines()
    assert any(" title: name: Whitcombe -> [name]" in line for line in lines)
    assert any(f"body: nhs_number: {NHS} -> [NHS number]" in line for line in lines)
    assert any("goal " in line and "Whitcombe" in line for line in lines)
    assert journal[:8] in lines[0]
    assert "nothing was written" in result.stderr


def test_dry_run_without_redact_is_an_error(reflect, journal, tmp_path):
    assert "--dry-run goes with --redact" in reflect(
        "export", "--out", str(tmp_path / "o"), "--dry-run", code=1).stderr


def test_unredacted_export_still_has_the_names(reflect, journal, tmp_path):
    out = tmp_path / "out.json"
    reflect("export", "--format", "json", "--out", str(out))
    assert b"Whitcombe" in out.read_bytes()
    assert json.loads(out.read_text())["people"][0]["name"] == "Sam Okonkwo"
