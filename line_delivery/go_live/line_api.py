"""The few LINE calls going live needs (bot info, webhook endpoint), on our client."""

from typing import Any

from linebot.v3.messaging import SetWebhookEndpointRequest, TestWebhookEndpointRequest

from .. import client


def bot_info() -> client.SendResult:
    """``GET /v2/bot/info``: also the check that the access token works."""
    return client._call(client.messaging_api().get_bot_info_with_http_info)


def webhook_endpoint() -> client.SendResult:
    return client._call(client.messaging_api().get_webhook_endpoint_with_http_info)


def set_webhook_endpoint(url: str) -> client.SendResult:
    return client._send(
        SetWebhookEndpointRequest,
        {"endpoint": url},
        "set_webhook_endpoint_with_http_info",
    )


def test_webhook_endpoint(url: str) -> client.SendResult:
    """``POST /v2/bot/channel/webhook/test``: LINE calls the endpoint and reports."""
    return client._send(
        TestWebhookEndpointRequest,
        {"endpoint": url},
        "test_webhook_endpoint_with_http_info",
    )


def as_dict(data: Any) -> dict[str, Any]:
    if data is None:
        return {}
    if hasattr(data, "to_dict"):
        return data.to_dict()
    return dict(data)
