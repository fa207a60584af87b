"""Make ``pytest tests/fake_line -p no:django`` work on its own.

* Registers the ``fake_line`` plugin when the root conftest has not done so
  yet (``pytest_plugins = ["tests.fake_line.pytest_plugin"]``).
* When pytest-django is disabled (``-p no:django``), the repository's
  ``addopts`` (``--reuse-db``) and ini key (``DJANGO_SETTINGS_MODULE``) would
  be unknown and abort the run; accept them as no-ops. With pytest-django
  active this does nothing.
"""

from __future__ import annotations

import contextlib

import pytest

from . import pytest_plugin


_PLUGIN_NAME = "tests.fake_line.pytest_plugin"
_DJANGO_FLAGS = ("--reuse-db", "--create-db", "--nomigrations", "--migrations")


def pytest_addoption(
    parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager
) -> None:
    """No-op stand-ins for pytest-django's options when it is not loaded."""
    if pluginmanager.has_plugin("django"):
        return
    group = parser.getgroup("fake_line", "stand-ins for pytest-django (not loaded)")
    for flag in _DJANGO_FLAGS:
        with contextlib.suppress(ValueError):  # already defined by someone else
            group.addoption(flag, action="store_true", default=False, help="ignored")
    with contextlib.suppress(ValueError):
        parser.addini("DJANGO_SETTINGS_MODULE", "ignored without pytest-django")


def pytest_configure(config: pytest.Config) -> None:
    """Register the fixtures unless the root conftest already did."""
    manager = config.pluginmanager
    if manager.has_plugin(_PLUGIN_NAME) or manager.is_registered(pytest_plugin):
        return
    manager.register(pytest_plugin, _PLUGIN_NAME)
