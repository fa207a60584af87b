"""The inbox in the sandbox channel (``make run``): staff play the resident and answer."""

from django.urls import reverse

import pytest

from line_delivery.inbox.models import Conversation
from line_delivery.models import Friend, SandboxMessage

from .inbox_helpers import departments_always_open, staff


pytestmark = pytest.mark.django_db


def test_a_sandbox_resident_asks_for_staff_and_sees_the_reply_in_the_sandbox_chat(
    sandbox, client, admin_user, django_capture_on_commit_callbacks
):
    from tests.auth import sign_in_verified

    departments_always_open()
    friend = Friend.objects.create(line_user_id="U" + "a1" * 16, is_sandbox=True)
    sign_in_verified(client, admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("line_delivery:sandbox_say", args=[friend.pk]),
            {"text": "道路のことで担当者と話したい"},
        )
    conversation = Conversation.objects.get(friend=friend)
    assert conversation.department.name == "環境整備"

    member = staff("環境整備", "kankyo")
    sign_in_verified(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("inbox:reply", args=[conversation.pk]),
            {"text": "場所を教えてください。"},
        )
    shown = [
        m.message.get("text")
        for m in SandboxMessage.objects.filter(friend=friend).order_by("pk")
    ]
    assert shown[-1] == "場所を教えてください。"
    assert any("環境整備の担当職員におつなぎしました" in (t or "") for t in shown)
