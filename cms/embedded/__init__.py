"""The embedded default's in-process runtime (``make run``: SQLite, eager Celery).

Production has Celery workers and beat; the embedded default has one process. Two
small threads stand in for them there:

* ``worker``: work a request queued (answering webhook events) runs on a thread of
  its own, after the response, so LINE gets its 200 at once;
* ``scheduler``: beat's ``CELERY_BEAT_SCHEDULE`` runs in-process, one scheduler per
  machine (a file lock), so scheduled pages, reminders and sweeps work as in production.

Both are off unless the settings turn them on (``cms/settings/dev.py``).
"""
