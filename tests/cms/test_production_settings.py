"""Production settings: pass ``check --deploy`` and refuse to start half-configured."""

import os
from pathlib import Path
import subprocess
import sys

import pytest


PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "x7#k2!pq9z" * 6,
    "ALLOWED_HOSTS": "line.city.example.jp",
    "WAGTAILADMIN_BASE_URL": "https://line.city.example.jp",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/otake_hub",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "FIELD_ENCRYPTION_KEYS": "q9Yb6mWnS3cU0b3wV2o8f4C1x7Zr5tKpL0aDsE9hJ2M=",
    "FIELD_HASH_KEY": "a-separate-random-key-for-lookup-hashes",
    "BACKUP_ENCRYPTION_KEY": (
        "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"
    ),
}


def run_manage(
    *args: str, env_overrides: dict[str, str | None]
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    env.update(PRODUCTION_ENV)
    for name, value in env_overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_without_warnings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides={}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "variable",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "WAGTAILADMIN_BASE_URL",
        "DATABASE_URL",
        "REDIS_URL",
        "BACKUP_ENCRYPTION_KEY",
    ],
)
def test_missing_required_variable_stops_start_up_naming_it(variable):
    result = run_manage("check", env_overrides={variable: None})
    assert result.returncode != 0
    assert f"The environment variable {variable} is required" in result.stderr


def test_sqlite_is_refused_in_production():
    result = run_manage("check", env_overrides={"DATABASE_URL": "sqlite:///db.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_URL must point to PostgreSQL" in result.stderr


def test_short_secret_key_is_refused():
    result = run_manage("check", env_overrides={"SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50" in result.stderr
