"""Settings: list, get and set, validated, stored owner-only in the config folder."""

import os
import stat

import yaml


def test_defaults_without_a_file(reflect):
    assert reflect.json("config", "list") == {
        "role": "supervisee", "kind": "individual", "default_models": ["proctor"],
        "neglect_threshold": 20, "prepare_sessions": 6, "goals_window_days": 42,
        "retention": None}
    assert reflect("config", "get", "role").stdout == "supervisee\n"


def test_set_persists_in_the_xdg_config_folder(reflect, config_dir):
    reflect("config", "set", "role", "Supervisor")
    path = config_dir / "config.yaml"
    assert yaml.safe_load(path.read_text()) == {"role": "supervisor"}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(config_dir).st_mode) == 0o700
    assert reflect("config", "get", "role").stdout == "supervisor\n"


def test_config_dir_override(reflect, tmp_path, monkeypatch):
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "cfg"))
    reflect("config", "set", "kind", "group")
    assert (tmp_path / "cfg" / "config.yaml").exists()


def test_unknown_key_and_bad_value_are_clear_errors(reflect, config_dir):
    result = reflect("config", "set", "colour", "blue", code=1)
    assert "unknown setting 'colour'" in result.stderr and "role" in result.stderr
    result = reflect("config", "set", "role", "boss", code=1)
    assert "supervisee" in result.stderr
    reflect("config", "get", "nope", code=1)
    for number in ("²", "½"):  # a digit that is no decimal number: an answer, not a crash
        from tests.support import assert_one_line_error

        assert_one_line_error(reflect("config", "set", "prepare_sessions", number, code=1),
                              "whole number")
    assert not (config_dir / "config.yaml").exists()


def test_malformed_settings_file_is_a_one_line_error(reflect, config_dir):
    config_dir.mkdir(parents=True)
    (config_dir / "config.yaml").write_text("role: [unclosed\n")
    result = reflect("config", "list", code=1)
    assert "not valid YAML" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    result = reflect("new", "--body", "x", code=1)
    assert "not valid YAML" in result.stderr


def test_invalid_value_in_the_file_is_named(reflect, config_dir):
    config_dir.mkdir(parents=True)
    (config_dir / "config.yaml").write_text("role: boss\n")
    assert "role" in reflect("config", "list", code=1).stderr


def test_set_keeps_other_settings(reflect, config_dir):
    reflect("config", "set", "role", "peer")
    reflect("config", "set", "kind", "virtual")
    assert yaml.safe_load((config_dir / "config.yaml").read_text()) == {
        "role": "peer", "kind": "virtual"}


def test_whole_number_settings_are_checked(reflect):
    reflect("config", "set", "neglect_threshold", "15")
    assert reflect("config", "get", "neglect_threshold").stdout == "15\n"
    assert "from 1 to 50" in reflect("config", "set", "neglect_threshold", "80", code=1).stderr
    assert "from 1 to 50" in reflect("config", "set", "neglect_threshold", "x", code=1).stderr
