from pathlib import Path

import pytest

from pipeline.errors import ConfigError, SecretError
from pipeline.settings import CONFIG_ENV, DEFAULT_CONFIG, Secret, load_settings
from tests.builders import make_install


def test_the_shipped_config_loads_and_resolves_paths_next_to_it():
    s = load_settings(DEFAULT_CONFIG)
    assert s.data_dir == (DEFAULT_CONFIG.parent.parent / "data").resolve()
    assert s.mailboxes[0].path.is_dir()
    assert s.db_url.startswith("sqlite:///")


def test_the_environment_variable_selects_another_config(tmp_path, monkeypatch):
    config = make_install(tmp_path, messages=[])
    monkeypatch.setenv(CONFIG_ENV, str(config))
    assert load_settings().source == config.resolve()


def test_a_missing_config_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.toml")


def test_invalid_toml_names_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("data_dir = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.toml: invalid TOML"):
        load_settings(bad)


def test_a_wrong_value_names_the_key_and_the_file(tmp_path):
    config = make_install(tmp_path, messages=[])
    config.write_text(config.read_text().replace('kind = "local"', 'kind = "pop3"'), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(config)
    assert str(config) in str(err.value)
    assert "mailbox.0.kind" in str(err.value)


def test_an_unknown_key_is_refused_rather_than_ignored(tmp_path):
    config = make_install(tmp_path, messages=[])
    config.write_text(config.read_text().replace("[outbound]", "[outbound]\ntransprot = \"smtp\""), encoding="utf-8")
    with pytest.raises(ConfigError, match="outbound.transprot"):
        load_settings(config)


def test_a_mailbox_naming_an_unknown_merchant_is_refused(tmp_path):
    config = make_install(tmp_path, messages=[])
    config.write_text(config.read_text().replace('merchant = "m1"', 'merchant = "m2"'), encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown merchant 'm2'"):
        load_settings(config)


def test_smtp_transport_without_a_server_table_is_refused(tmp_path):
    config = make_install(tmp_path, messages=[])
    config.write_text(config.read_text().replace('transport = "file"', 'transport = "smtp"'), encoding="utf-8")
    with pytest.raises(ConfigError, match="outbound"):
        load_settings(config)


def test_a_secret_is_read_from_the_environment_and_never_shown(monkeypatch):
    monkeypatch.setenv("CF_TEST_PW", "hunter2")
    secret = Secret(env="CF_TEST_PW")
    assert secret.reveal() == "hunter2"
    assert "hunter2" not in repr(secret)


def test_a_missing_secret_names_the_variable(monkeypatch):
    monkeypatch.delenv("CF_TEST_MISSING", raising=False)
    with pytest.raises(SecretError, match="CF_TEST_MISSING"):
        Secret(env="CF_TEST_MISSING").reveal()


def test_a_secret_file_is_read_and_stripped(tmp_path):
    f = tmp_path / "pw"
    f.write_text("s3cret\n")
    assert Secret(file=f).reveal() == "s3cret"


def test_a_secret_must_name_exactly_one_source():
    with pytest.raises(ValueError):
        Secret(env="A", file=Path("/x"))
