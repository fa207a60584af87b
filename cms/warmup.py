"""Warm a web process before it serves: the first staff member after a deploy waits
no longer than the second.

A fresh Django process pays, on its first admin request, for importing the URLconf
and building its resolvers, compiling the admin templates, loading the Japanese
catalogues and building Wagtail's menus and editor forms: about 0.8 s on the news
add form on an idle machine, over 1.4 s on a busy one (``bench/admin_pages.py``,
"first load"). ``gunicorn.conf.py`` loads the application in the master
(``preload_app``) and calls :func:`warm_process` there, before the workers are
forked, so every worker starts with these caches filled and shares their memory.

Only process-local caches are filled. Nothing here writes to the database or the
cache server, and every database connection opened on the way is closed again, so
no worker inherits the master's socket.
"""

import gc
import logging
import time

from django.conf import settings
from django.db import connections
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.urls import URLResolver, get_resolver
from django.utils import translation


logger = logging.getLogger(__name__)


def populate_url_resolvers(resolver: URLResolver | None = None) -> int:
    """Build every resolver's reverse and namespace tables, nested ones included
    (the web master here; the Celery worker's warm-up for page links in messages)."""
    resolver = resolver or get_resolver()
    count = 1
    resolver._populate()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            count += populate_url_resolvers(pattern)
    return count


def _template_names(engine: DjangoTemplates) -> list[str]:
    """Every template the engine can load (project and app directories), once."""
    names: set[str] = set()
    for directory in engine.template_dirs:
        for suffix in ("*.html", "*.svg", "*.txt"):
            for path in directory.rglob(suffix):
                names.add(path.relative_to(directory).as_posix())
    return sorted(names)


def _compile_templates() -> int:
    compiled = 0
    for engine in engines.all():
        if not isinstance(engine, DjangoTemplates):
            continue
        for name in _template_names(engine):
            try:
                engine.get_template(name)
            except Exception as error:  # noqa: BLE001 - e.g. a tag of an app not installed
                logger.debug("warm-up: skipped template %s (%s)", name, error)
                continue
            compiled += 1
    return compiled


def _build_admin_menus() -> None:
    from wagtail.admin.icons import get_icon_sprite_hash
    from wagtail.admin.menu import admin_menu, settings_menu

    get_icon_sprite_hash()  # the icon sprite every admin page links to, by its hash
    for menu in (admin_menu, settings_menu):
        menu.registered_menu_items  # noqa: B018 - a cached property, built once


def _build_editor_forms() -> int:
    from wagtail.models import get_page_models

    built = 0
    for model in get_page_models():
        if model._meta.abstract:
            continue
        model.get_edit_handler().get_form_class()
        built += 1
    return built


def warm_process() -> float:
    """Fill this process's lazy caches; returns the seconds it took."""
    started = time.perf_counter()
    try:
        resolvers = populate_url_resolvers()
        for code, _name in settings.LANGUAGES:
            translation.activate(code)
        translation.deactivate()
        templates = _compile_templates()
        _build_admin_menus()
        forms = _build_editor_forms()
    finally:
        connections.close_all()
    seconds = time.perf_counter() - started
    logger.info(
        "warm-up: %d URL resolvers, %d templates, %d page editor forms in %.2f s",
        resolvers,
        templates,
        forms,
        seconds,
    )
    return seconds


def freeze_heap() -> int:
    """Move every object alive now (Django, Wagtail, the warmed caches) out of the
    garbage collector's reach; returns how many.

    A full (oldest-generation) collection walks every object of the process: in a
    warmed worker that is ~0.2–0.3 s with the GIL held, and one comes during the
    first big delivery, when the plan's pages create their rows (bench.publish_delivery:
    two such pauses, 172 ms and 285 ms, inside one 1.6 s delivery of 100,000 friends;
    7 ms once frozen). Frozen objects are never freed, which is what these are for: they
    live as long as the process. Called after the warm-up in the web master (before
    the fork, so the workers also keep sharing those pages) and in the Celery worker.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
