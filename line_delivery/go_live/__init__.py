"""本番接続 (go live): from the demo's sandbox to the city's real LINE channel.

A guided step for 管理者 in the admin (``views.py``) and ``manage.py go_live``, both
on ``steps.py``: check what the channel settings give (token → bot name and
picture, webhook endpoint, LIFF / LINE Login), show what going live will do, then do
it — set and test the webhook endpoint, create the rich menus on this channel and
make the default menu the default there, and (on request) remove the sandbox's
made-up friends. Switching back to the sandbox for training is the same step run
with the sandbox configured: it finds the sandbox's own LINE-side records again.
"""
