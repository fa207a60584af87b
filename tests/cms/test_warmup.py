"""The web process is warmed before its workers fork (gunicorn.conf.py → cms.warmup), so
the first staff member after a deploy does not wait for the caches a fresh process
builds on its first admin request (measured in bench/admin_pages.py, "first load")."""

import gc
import logging
from pathlib import Path
import re
import runpy

from django.db import connections
from django.template import engines
from django.urls import get_resolver

from cms.warmup import warm_process


REPO_ROOT = Path(__file__).resolve().parents[2]


def _cached_template_names() -> set[str]:
    loader = engines["django"].engine.template_loaders[0]
    return {key.split("-")[0] for key in loader.get_template_cache}


def test_warm_up_fills_the_admin_caches_without_touching_the_database():
    # No django_db mark: pytest-django fails any query, so this also shows the
    # master (which forks the workers) never opens a database connection here.
    engines["django"].engine.template_loaders[0].reset()

    warm_process()

    cached = _cached_template_names()
    for template in (
        "wagtailadmin/pages/create.html",
        "wagtailadmin/pages/edit.html",
        "wagtailadmin/pages/index.html",
        "wagtailadmin/home.html",
    ):
        assert template in cached, f"{template} is compiled only on a first request"
    assert get_resolver()._populated
    # A worker forked after this must not share the master's database socket.
    assert all(connection.connection is None for connection in connections.all())


def test_gunicorn_loads_the_app_in_the_master_and_warms_it_before_forking(caplog):
    config = runpy.run_path(str(REPO_ROOT / "gunicorn.conf.py"))
    assert config["preload_app"] is True

    class Server:
        log = logging.getLogger("gunicorn.test")

    gc.unfreeze()
    try:
        with caplog.at_level(logging.INFO):
            config["when_ready"](Server())
        # What the master loaded is out of the full collections' reach (the workers
        # would otherwise stop for ~0.2 s walking it, docs/benchmarks.md).
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()  # this test process is not a gunicorn master
    assert "warmed the application" in caplog.text
    logged = re.search(r"\((\d+) objects frozen\)", caplog.text)
    assert frozen > 10_000 and logged and int(logged[1]) > 10_000
