"""The limits' settings (slow clients, bind-code throttle) are checked at start-up like the others."""

import pytest

from config.settings import ConfigError, load_settings

WRONG = [("service", "request_timeout_seconds", "0"), ("service", "body_timeout_seconds", '"5"'),
         ("service", "max_connections", "0"), ("service", "max_connections", "2.5"),
         ("security", "bind_attempts", "0"), ("security", "bind_agency_attempts", "-3"),
         ("security", "bind_lock_minutes", "true"), ("security", "bind_code_hours", "0")]


@pytest.mark.parametrize("section, key, value", WRONG, ids=[f"{k}={v}" for _, k, v in WRONG])
def test_a_wrong_limit_stops_start_up_with_one_line_naming_it(tmp_path, section, key, value):
    config = tmp_path / "gongkai.toml"
    config.write_text(f"[{section}]\n{key} = {value}\n")
    with pytest.raises(ConfigError) as refused:
        load_settings({"GONGKAI_CONFIG": str(config)})
    assert str(refused.value).startswith("配置错误") and f"{section}.{key}" in str(refused.value)
    assert "\n" not in str(refused.value)


def test_the_defaults_hold():
    settings = load_settings({})
    assert settings.get("service", "body_timeout_seconds") == 5.0 and settings.get("security", "bind_attempts") == 5
