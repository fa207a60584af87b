"""E-mail staff about new conversations and messages; nothing personal in the body."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse

from .access import department_staff
from .models import Conversation


def _link(conversation: Conversation) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("inbox:conversation", args=[conversation.pk])


def _send(subject: str, body: str, emails: list[str]) -> None:
    if not emails:
        return
    from .tasks import send_notification

    send_notification.delay_on_commit(subject, body, emails)


def notify_new_conversation(conversation: Conversation) -> None:
    """Everyone in the department: a new 相談 is waiting (number and link only)."""
    emails = list(
        department_staff(conversation.department)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    _send(
        f"【有人チャット】新しい相談 #{conversation.pk}（{conversation.department.name}）",
        "LINEで新しい相談が届きました。\n"
        f"部署: {conversation.department.name}\n"
        f"相談番号: {conversation.pk}\n\n"
        f"管理画面で内容を確認してください（ログインが必要です）:\n{_link(conversation)}\n",
        emails,
    )


def notify_assignee(conversation: Conversation) -> None:
    """The assignee: a new message in a conversation assigned to them."""
    assignee = conversation.assignee
    if assignee is None or not assignee.is_active or not assignee.email:
        return
    _send(
        f"【有人チャット】相談 #{conversation.pk} に新しいメッセージ",
        f"担当している相談 #{conversation.pk}（{conversation.department.name}）に"
        "住民から新しいメッセージが届きました。\n\n"
        f"管理画面で確認してください（ログインが必要です）:\n{_link(conversation)}\n",
        [assignee.email],
    )


def send_now(subject: str, body: str, emails: list[str]) -> int:
    return send_mass_mail(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails],
        fail_silently=False,
    )
