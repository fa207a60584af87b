"""Where webhooks may go: public addresses only, unless IT allows a network.

A target is checked when it is registered and again before every attempt (a name
may resolve elsewhere later). ``CHANGE_NOTIFY_ALLOWED_NETWORKS`` lists the networks
IT explicitly allows (tests allow loopback this way).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(network, strict=False)
        for network in settings.CHANGE_NOTIFY_ALLOWED_NETWORKS
    ]


def resolved_addresses(
    host: str, port: int
) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    addresses = []
    for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        addresses.append(address)
    return addresses


def refused_reason(url: str) -> str | None:
    """Why the URL may not be a webhook target (Japanese, for IT), or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return _("https:// で始まるURLを入力してください。")
    if parts.username or parts.password:
        return _("URLに利用者名やパスワードを含めないでください。")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = resolved_addresses(parts.hostname, port)
    except (OSError, ValueError):
        return _("ホスト名 %(host)s のアドレスが見つかりません。") % {
            "host": parts.hostname
        }
    allowed = _allowed_networks()
    all_allowed = True
    for address in addresses:
        if any(address in network for network in allowed):
            continue
        all_allowed = False
        if not address.is_global:
            return _(
                "内部のアドレス（%(address)s）には送れません。IT担当者が許可した"
                "ネットワーク（CHANGE_NOTIFY_ALLOWED_NETWORKS）だけに送れます。"
            ) % {"address": address}
    if parts.scheme == "http" and not all_allowed:
        return _("インターネット上の送信先は https:// にしてください。")
    return None
