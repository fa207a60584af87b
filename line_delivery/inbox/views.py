"""The inbox in the Wagtail admin: conversation list, phone-like view, replies, notes.

Every view of a conversation, of a photo and every reply is in the audit log; staff
see only their departments' conversations (``access.visible_departments``).
"""

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from cms import audit

from ..crypto import decrypt_bytes
from . import handover, sending
from .access import department_staff, may_use_inbox, visible_departments
from .hours import hours_text, is_open
from .models import CannedReply, Conversation, Message
from .tasks import mark_conversation_read


CLOSING_TEXT = (
    "ご相談ありがとうございました。担当職員との相談を終了しました。"
    "ここからはチャットボットがお答えします。"
)
INLINE_MEDIA_TYPES = (
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "video/",
    "audio/",
)
STATES = [
    (Conversation.State.NEW, "未対応"),
    (Conversation.State.ACTIVE, "対応中"),
    (Conversation.State.CLOSED, "完了"),
]


def _staff_conversations(request: HttpRequest) -> QuerySet[Conversation]:
    if not may_use_inbox(request.user):
        raise PermissionDenied
    return Conversation.objects.for_staff(request.user)


def _conversation_for(
    request: HttpRequest, pk: int, *, lock: bool = False
) -> Conversation:
    queryset = Conversation.objects.select_related("department", "friend", "assignee")
    conversation = get_object_or_404(
        queryset.select_for_update(of=("self",)) if lock else queryset, pk=pk
    )
    if not visible_departments(request.user).filter(pk=conversation.department_id):
        audit.record(request, "inbox.refused", conversation)
        raise PermissionDenied
    return conversation


def unread_total(user) -> int:
    """Unread resident messages in the user's departments' open conversations."""
    return (
        Conversation.objects.for_staff(user)
        .open()
        .aggregate(n=Sum("unread_count"))["n"]
        or 0
    )


def conversation_list(request: HttpRequest) -> HttpResponse:
    conversations = _staff_conversations(request)
    departments = list(visible_departments(request.user))
    state = request.GET.get("state", Conversation.State.NEW)
    if state not in Conversation.State.values:
        state = Conversation.State.NEW
    department = request.GET.get("department", "")
    assignee = request.GET.get("assignee", "")
    counts = {
        row["state"]: row["n"]
        for row in conversations.values("state").annotate(n=Count("pk"))
    }
    shown = conversations.filter(state=state)
    if department.isdigit():
        shown = shown.filter(department_id=int(department))
    if assignee == "me":
        shown = shown.filter(assignee=request.user)
    elif assignee == "none":
        shown = shown.filter(assignee__isnull=True)
    page = Paginator(
        shown.select_related("department", "assignee").order_by("-last_message_at"),
        50,
    ).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "inbox/list.html",
        {
            "page": page,
            "tabs": [
                {"value": value, "label": label, "count": counts.get(value, 0)}
                for value, label in STATES
            ],
            "state": state,
            "departments": departments,
            "department": department,
            "assignee": assignee,
        },
    )


def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _conversation_for(request, pk)
    audit.record(request, "inbox.view", conversation)
    if conversation.unread_count:
        Conversation.objects.filter(pk=conversation.pk).update(unread_count=0)
    mark_conversation_read.delay_on_commit(conversation.pk)
    return _render_detail(request, conversation)


def _render_detail(
    request: HttpRequest,
    conversation: Conversation,
    *,
    reply_text: str = "",
    errors: list[str] | None = None,
    status: int = 200,
) -> TemplateResponse:
    friend = conversation.friend
    return TemplateResponse(
        request,
        "inbox/conversation.html",
        {
            "conversation": conversation,
            "title": f"相談 #{conversation.pk}",
            "entries": conversation.messages.select_related("author").defer(
                "media_content"
            ),
            "topics": list(friend.topics.all()),
            "areas": list(friend.areas.all()),
            "friend_status": friend.get_status_display(),
            "colleagues": department_staff(conversation.department),
            "canned_replies": CannedReply.objects.filter(
                department=conversation.department
            ),
            "hours": hours_text(conversation.department),
            "open_now": is_open(conversation.department),
            "reply_text": reply_text,
            "reply_limit": sending.MAX_TEXT_UTF16,
            "errors": errors or [],
        },
        status=status,
    )


@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    text = request.POST.get("text", "").replace("\r\n", "\n")
    canned = request.POST.get("canned", "")
    with transaction.atomic():
        conversation = _conversation_for(request, pk, lock=True)
        if canned.isdigit() and not text.strip():
            chosen = CannedReply.objects.filter(
                pk=int(canned), department=conversation.department
            ).first()
            text = chosen.text if chosen else ""
        if not conversation.is_open:
            return _render_detail(
                request,
                conversation,
                reply_text=text,
                errors=["この相談は完了しています。住民には届きません。"],
                status=400,
            )
        problems = sending.reply_problems(text, label="返信")
        if problems:
            return _render_detail(
                request, conversation, reply_text=text, errors=problems, status=400
            )
        message = sending.queue_push(
            conversation, text, direction=Message.Direction.STAFF, author=request.user
        )
        conversation.state = Conversation.State.ACTIVE
        conversation.assignee = conversation.assignee or request.user
        conversation.last_message_at = message.created_at
        conversation.save(update_fields=["state", "assignee", "last_message_at"])
        audit.record(
            request,
            "inbox.reply",
            conversation,
            message_id=message.pk,
            canned_reply=int(canned) if canned.isdigit() else None,
        )
    flash.success(request, "返信を送りました。")
    return redirect("inbox:conversation", pk)


@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    text = request.POST.get("note", "").strip()
    with transaction.atomic():
        conversation = _conversation_for(request, pk, lock=True)
        if not text:
            return _render_detail(
                request, conversation, errors=["メモを入力してください。"], status=400
            )
        note = Message.objects.create(
            conversation=conversation,
            direction=Message.Direction.NOTE,
            text=text[:5000],
            author=request.user,
        )
        audit.record(request, "inbox.note", conversation, message_id=note.pk)
    flash.success(request, "内部メモを残しました（住民には見えません）。")
    return redirect("inbox:conversation", pk)


@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """担当者: the signed-in user, or a colleague of the conversation's department."""
    with transaction.atomic():
        conversation = _conversation_for(request, pk, lock=True)
        wanted = request.POST.get("user", "")
        assignee = request.user
        if wanted.isdigit() and int(wanted) != request.user.pk:
            assignee = get_object_or_404(
                department_staff(conversation.department), pk=int(wanted)
            )
        before = conversation.assignee.get_username() if conversation.assignee else ""
        conversation.assignee = assignee
        if conversation.state == Conversation.State.NEW:
            conversation.state = Conversation.State.ACTIVE
        conversation.save(update_fields=["assignee", "state"])
        audit.record(
            request,
            "inbox.assign",
            conversation,
            before=before,
            after=assignee.get_username(),
        )
    return redirect("inbox:conversation", pk)


@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """「完了」: tell the resident, and give them back to the bot."""
    with transaction.atomic():
        conversation = _conversation_for(request, pk, lock=True)
        if not conversation.is_open:
            return redirect("inbox:conversation", pk)
        sending.queue_push(conversation, CLOSING_TEXT, direction=Message.Direction.BOT)
        handover.close(conversation, reason="職員が完了")
        audit.record(request, "inbox.close", conversation)
    flash.success(request, "相談を完了しました。住民はチャットボットに戻ります。")
    return redirect("inbox:list")


def media(request: HttpRequest, message_id: int) -> HttpResponse:
    """A photo, video or file a resident sent, decrypted for signed-in staff only."""
    message = get_object_or_404(
        Message.objects.select_related("conversation__department"),
        pk=message_id,
        media_status=Message.MediaStatus.STORED,
    )
    conversation = _conversation_for(request, message.conversation_id)
    if message.media_content is None:
        raise Http404
    audit.record(request, "inbox.media_view", conversation, message_id=message.pk)
    content_type = message.media_content_type.split(";")[0].strip().lower()
    # Only pictures, video and sound are shown in the page; anything else a resident
    # sent is downloaded as bytes, never rendered under the admin's origin.
    inline = message.kind != Message.Kind.FILE and content_type.startswith(
        INLINE_MEDIA_TYPES
    )
    return private_file_response(
        decrypt_bytes(message.media_content),
        content_type if inline else "application/octet-stream",
        f"line-{message.pk}",
        inline=inline,
    )


def private_file_response(
    data: bytes, content_type: str, filename: str, *, inline: bool
) -> HttpResponse:
    """A resident's photo or file for staff: never cached, sniffed or run as a page."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f'{"inline" if inline else "attachment"}; filename="{filename}"'
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
