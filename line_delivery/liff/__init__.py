"""LIFF pages for residents (受信設定, page view, ごみカレンダー) and LIFF login.

Other apps' LIFF pages identify the resident with::

    from line_delivery.liff import friend_from_request, liff_login_required


    @liff_login_required  # not logged in: login page (HTML) or 401 (JSON)
    def my_view(request):
        friend = request.friend  # same as friend_from_request(request)

and extend ``templates/liff_base.html``. How a browser test acts as a sandbox friend
(``?sandbox_friend=<Friend pk>``, sandbox channel only) is described in ``auth``.
"""

from .auth import SANDBOX_PARAMETER, friend_from_request, liff_login_required


__all__ = ["SANDBOX_PARAMETER", "friend_from_request", "liff_login_required"]
