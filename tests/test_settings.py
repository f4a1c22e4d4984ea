from __future__ import annotations

import pytest

from hrkit.errors import ConfigError
from hrkit.settings import Settings


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.database_url == "sqlite:///hrkit.db"
    assert settings.tenant == "default"
    assert (settings.jwt_issuer, settings.jwt_audience) == ("hrkit", "hrkit")
    assert settings.cost_limit == 100_000


def test_environment_then_overrides() -> None:
    env = {
        "HRKIT_DATABASE_URL": "postgresql+psycopg://u@h/db",
        "HRKIT_TENANT": "acme",
        "HRKIT_FETCH_ALLOW": "a.example, b.example  c.example",
        "HRKIT_FETCH_TIMEOUT": "2.5",
        "HRKIT_DEBUG": "yes",
    }
    settings = Settings.from_env(env, tenant="globex", database_url=None)
    assert settings.tenant == "globex"
    assert settings.database_url == "postgresql+psycopg://u@h/db"
    assert settings.fetch_allow == ("a.example", "b.example", "c.example")
    assert settings.fetch_timeout == 2.5
    assert settings.debug is True


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"HRKIT_FETCH_TIMEOUT": "soon"}, "HRKIT_FETCH_TIMEOUT='soon' is not a number"),
        ({"HRKIT_FETCH_TIMEOUT": "0"}, "positive"),
        ({"HRKIT_TENANT": "Acme Corp"}, "invalid tenant name"),
        ({"HRKIT_GRAPHQL_COST_LIMIT": "-1"}, "positive"),
    ],
)
def test_bad_values_are_one_line_config_errors(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        Settings.from_env(env)
    assert "\n" not in str(info.value)
