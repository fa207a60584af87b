"""Rich menus in the sandbox channel: staff see and tap the menu a sandbox friend sees."""

from django.urls import reverse

import pytest

from line_delivery import client
from line_delivery.models import Friend, SandboxMessage
from line_delivery.rich_menus import publish as service
from line_delivery.rich_menus.models import RichMenu, RichMenuTap
from line_delivery.sandbox import sandbox_app
from tests.fake_line.server import new_user_id
from tests.line_delivery.rich_menu_helpers import make_menu, publish


pytestmark = pytest.mark.django_db


def test_sandbox_friend_sees_and_taps_the_default_menu(
    sandbox, admin_client, django_capture_on_commit_callbacks
):
    menu = make_menu()
    publish(menu, django_capture_on_commit_callbacks)
    assert service.set_default(RichMenu.Purpose.NORMAL).ok
    friend = Friend.objects.create(line_user_id=new_user_id(), is_sandbox=True)

    # A restarted process (make run after seed_demo) still shows the same menu.
    line_id = menu.live_line_object().line_rich_menu_id
    sandbox_app.cache_clear()
    client.reset_clients()
    chat = admin_client.get(reverse("line_delivery:sandbox_chat", args=[friend.pk]))
    html = chat.content.decode()
    assert 'data-testid="sandbox-rich-menu"' in html
    image_url = reverse("line_delivery:sandbox_rich_menu_image", args=[line_id])
    assert image_url in html
    assert admin_client.get(image_url)["Content-Type"] == "image/png"
    assert sandbox_app().default_rich_menu == line_id

    area = menu.areas[0]  # 避難所 (postback)
    line_menu = menu.live_line_object()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse(
                "line_delivery:sandbox_tap", args=[friend.pk, line_menu.pk, area["key"]]
            )
        )
    assert RichMenuTap.objects.get(area_key=area["key"]).count == 1
    endpoints = list(
        SandboxMessage.objects.filter(friend=friend).values_list("endpoint", flat=True)
    )
    assert endpoints[0] == "resident" and "reply" in endpoints[1:]
