"""gunicorn's settings for the web process. gunicorn reads this file from its working
directory by itself, so the Dockerfile's and compose's ``gunicorn cms.wsgi:application``
and the benchmarks that serve the product all run with it.

The application is loaded once in the master and warmed (``cms.warmup``) before the
workers are forked: each worker starts with the URL resolvers, compiled admin
templates, Japanese catalogues and editor forms in memory, so the first staff member
after a deploy or a worker restart does not wait for them; what was loaded is then
frozen out of the garbage collector's full passes (``cms.warmup.freeze_heap``).
"""

import logging


preload_app = True


def when_ready(server):
    """Runs in the master after the application is loaded, before any worker exists."""
    try:
        from cms.warmup import freeze_heap, warm_process

        seconds = warm_process()
        frozen = freeze_heap()
    except Exception:
        logging.getLogger("cms.warmup").exception(
            "warm-up failed; workers will fill their caches on their first requests"
        )
        return
    server.log.info(
        "warmed the application in %.2f s (%d objects frozen) before forking workers",
        seconds,
        frozen,
    )
