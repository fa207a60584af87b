"""Reading the environment: every environment-specific setting comes from here.

The variables are listed, with their meaning, in README.md ("Configuration").
"""

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_required(name: str) -> str:
    """Return a variable that production cannot run without, or fail at start-up."""
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required in production but is not set. "
            f"See README.md, section 'Configuration'."
        )
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a whole number, not {value!r}."
        ) from error


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated list, e.g. ``ALLOWED_HOSTS=line.example.jp,www.example.jp``."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]
