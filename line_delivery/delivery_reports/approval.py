"""承認 that publishes a page to LINE shows the same 配信前の確認 as 公開.

Wagtail's approval (the moderation 「承認」 on the dashboard, the page header or the
editor) publishes the page when it is the workflow's last step, and publishing
delivers it. ``LineGuardedApprovalTask`` is the city's approval step: for a page that
this approval will deliver, 承認 opens a dialog with the recipients and the
guardrail's warnings; with a warning, the approver ticks one box to confirm, and the
confirmation is audit-logged (``delivery.guardrail_confirmed``) as on the publish
screen. Any other object is approved as by Wagtail's GroupApprovalTask.

Hooks used (wagtail-8.0.1: wagtail/models/workflows.py, admin/views/generic/workflow.py):
``get_actions`` (an action with ``True`` opens the dialog), ``get_form_for_action``,
``get_template_for_action`` and ``on_action``, whose returned URL the workflow action
view redirects to.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.forms import TaskStateCommentForm
from wagtail.models import GroupApprovalTask, Page, Task, TaskState


APPROVE = "approve"
CONFIRM_FIELD = "confirm_line_guardrails"
TASK_STATE_FIELD = "line_task_state"
COMMENT_SESSION_KEY = "line_approval_comment:{task_state_id}"
"""The approver's comment, kept in their session while they read the confirmation
(not in its URL: the access log would keep it for 180 days)."""


def _current_request():
    from cms.request_context import current_request

    return current_request()


def _in_dialog() -> bool:
    """The approval was posted from Wagtail's dialog, which can show a form error."""
    request = _current_request()
    return (
        request is not None
        and request.headers.get("x-requested-with") == "XMLHttpRequest"
    )


def keep_comment(task_state_id: int, comment: str) -> None:
    request = _current_request()
    if request is not None and hasattr(request, "session"):
        request.session[COMMENT_SESSION_KEY.format(task_state_id=task_state_id)] = (
            comment
        )


def kept_comment(request, task_state_id: int, *, forget: bool = False) -> str:
    key = COMMENT_SESSION_KEY.format(task_state_id=task_state_id)
    if not hasattr(request, "session"):
        return ""
    return request.session.pop(key, "") if forget else request.session.get(key, "")


def approval_publishes(task: Task, obj: Any) -> bool:
    """Approving ``task`` on ``obj`` finishes its workflow (no other step is left)."""
    workflow_state = getattr(obj, "current_workflow_state", None)
    if workflow_state is None:
        return False
    return not (
        Task.objects.filter(
            workflow_tasks__workflow_id=workflow_state.workflow_id, active=True
        )
        .exclude(task_states__in=workflow_state.successful_task_states)
        .exclude(pk=task.pk)
        .exists()
    )


def page_delivered_by_approval(task: Task, obj: Any):
    """The page as it will go live, if approving ``task`` delivers it to LINE; else None."""
    from .guardrails import will_deliver_on_publish

    if not isinstance(obj, Page):
        return None
    if not hasattr(obj.specific_class, "send_to_line"):
        return None
    if not approval_publishes(task, obj) or not will_deliver_on_publish(obj):
        return None
    page = obj.specific.get_latest_revision_as_object()
    return page if page.send_to_line else None


def guardrail_for_task_state(task_state: TaskState):
    """(page, Guardrail) for an approval that delivers a page, else (None, None)."""
    from . import guardrails

    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None, None
    page = page_delivered_by_approval(
        task_state.task.specific, task_state.workflow_state.content_object
    )
    if page is None:
        return None, None
    return page, guardrails.check(page)


class LineApprovalForm(TaskStateCommentForm):
    """The approval dialog: Wagtail's comment plus the one-click confirmation."""

    confirm_line_guardrails = forms.BooleanField(
        label=_("上の注意を確認しました（このまま公開してLINEで配信する）"),
        required=False,
    )
    line_task_state = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        state_id = cleaned.get(TASK_STATE_FIELD)
        # Outside the dialog an error would be dropped (Wagtail redirects without
        # it): ``on_action`` leads to the confirmation instead, comment and all.
        if state_id and not cleaned.get(CONFIRM_FIELD) and _in_dialog():
            task_state = TaskState.objects.filter(pk=state_id).first()
            if task_state is not None:
                _page, result = guardrail_for_task_state(task_state.specific)
                if result is not None and result.warnings:
                    self.add_error(
                        CONFIRM_FIELD,
                        _("注意を確認したら、チェックを入れてから承認してください。"),
                    )
        return cleaned


class LineGuardedApprovalTask(GroupApprovalTask):
    """承認者による承認, with 配信前の確認 when the approval delivers a page to LINE."""

    class Meta:
        verbose_name = _("承認（LINE配信の確認つき）")
        verbose_name_plural = _("承認（LINE配信の確認つき）")

    @classmethod
    def get_description(cls):
        return _(
            "選んだグループのメンバーが承認します。承認でLINEに配信されるときは、"
            "届く人数と注意を表示し、注意があれば確認してから承認します。"
        )

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not actions or page_delivered_by_approval(self, obj) is None:
            return actions
        # Every 承認 opens the dialog, which shows who will receive the page.
        return [
            (name, label, True if name == APPROVE else modal)
            for name, label, modal in actions
        ]

    def get_form_for_action(self, action):
        if action == APPROVE:
            return LineApprovalForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action == APPROVE:
            return "line_delivery/delivery_reports/approval_modal.html"
        return super().get_template_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        from cms import audit

        confirmed = bool(kwargs.pop(CONFIRM_FIELD, False))
        kwargs.pop(TASK_STATE_FIELD, None)
        if action_name == APPROVE:
            page, result = guardrail_for_task_state(task_state)
            if result is not None and result.warnings:
                if not confirmed:
                    # Not approved: the confirmation screen, one click from approving,
                    # with the approver's comment kept for it.
                    keep_comment(task_state.pk, kwargs.get("comment") or "")
                    return reverse(
                        "line_delivery:confirm_approval", args=[task_state.pk]
                    )
                audit.record(
                    user,
                    "delivery.guardrail_confirmed",
                    task_state.workflow_state.content_object.specific,
                    recipients=result.recipients,
                    at_cap=result.at_cap,
                    warnings=result.warnings,
                    via="approval",
                )
            request = _current_request()
            if request is not None:
                kept_comment(request, task_state.pk, forget=True)
        return super().on_action(task_state, user, action_name, **kwargs)


def guard_approval_task(task: GroupApprovalTask) -> LineGuardedApprovalTask:
    """Make an existing GroupApprovalTask the guarded one, keeping its id, groups,
    workflows and task states (the child row is added under the same id)."""
    if isinstance(task, LineGuardedApprovalTask):
        return task
    existing = LineGuardedApprovalTask.objects.filter(pk=task.pk).first()
    if existing is None:
        from django.contrib.contenttypes.models import ContentType

        promote_group_approval_tasks(
            connection, LineGuardedApprovalTask, Task, ContentType, [task.pk]
        )
    return LineGuardedApprovalTask.objects.get(pk=task.pk)


def promote_group_approval_tasks(
    db_connection, guarded_model, task_model, content_type_model, task_ids
) -> None:
    """Insert the guarded task's rows for these GroupApprovalTask ids (shared with the
    data migration, which passes its historical models)."""
    content_type, _created = content_type_model.objects.get_or_create(
        app_label="line_delivery", model="lineguardedapprovaltask"
    )
    table = guarded_model._meta.db_table
    with db_connection.cursor() as cursor:
        for task_id in task_ids:
            cursor.execute(
                f"INSERT INTO {db_connection.ops.quote_name(table)} "  # noqa: S608
                "(groupapprovaltask_ptr_id) VALUES (%s)",
                [task_id],
            )
    task_model.objects.filter(pk__in=task_ids).update(content_type_id=content_type.pk)
