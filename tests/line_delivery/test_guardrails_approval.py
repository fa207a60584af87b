"""配信前の確認 on 承認: approving a page that goes to LINE shows who receives it and
asks for the same one click as 公開 when there is a warning, audit-logged the same way.

The approval is Wagtail's workflow action (the dashboard's and the page header's
「承認」) or the editor's approve action; both reach ``LineGuardedApprovalTask``.
"""

import importlib
import json
import types

from django.contrib.auth.models import Group
from django.db import connection

from wagtail.models import GroupApprovalTask, Task, TaskState, Workflow, WorkflowTask

import pytest

from cms.models import AuditEntry
from cms.roles import APPROVAL_TASK_NAME, WORKFLOW_NAME, ensure_roles
from home.models import NewsPage
from line_delivery.delivery_reports.approval import (
    LineGuardedApprovalTask,
    guard_approval_task,
)
from line_delivery.models import Delivery
from tests.factories import NewsPageFactory
from tests.home.test_admin_editing import news_form

from .conftest import make_friend
from .test_guardrails import already_received, limits  # noqa: F401


pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def in_moderation(news_index, topics, editor=None) -> tuple[NewsPage, TaskState]:
    """A news page for ごみ, to LINE, submitted for 承認 and waiting."""
    page = NewsPageFactory(
        parent=news_index, live=False, send_to_line=True, slug="shuushuu"
    )
    page.topics.set([topics["gomi"]])
    page.save_revision()
    state = page.get_workflow().start(page, editor)
    return page, state.current_task_state


def approve_url(page, task_state) -> str:
    return f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"


def test_the_city_approval_step_is_the_guarded_task(db):
    ensure_roles()
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    task = workflow.workflow_tasks.get().task.specific
    assert isinstance(task, LineGuardedApprovalTask)
    assert task.name == APPROVAL_TASK_NAME
    # ensure_roles is idempotent: one task of that name
    assert LineGuardedApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).count() == 1


def test_approving_people_at_the_weekly_cap_asks_first_and_logs_the_confirmation(
    line_channel,
    news_index,
    topics,
    limits,  # noqa: F811
    admin_client,
    django_capture_on_commit_callbacks,
):
    busy = [make_friend() for _ in range(2)]
    calm = [make_friend(topics=[topics["gomi"]]) for _ in range(3)]
    make_friend(topics=[topics["event"]])
    already_received(busy, 3)
    page, task_state = in_moderation(news_index, topics)
    url = approve_url(page, task_state)

    # The 承認 button opens a dialog with the figures, the warning and the checkbox.
    modal = admin_client.get(url, **XHR)
    html = json.loads(modal.content)["html"]
    assert "<strong data-recipients>5 人</strong>" in html
    assert "<strong data-at-cap>2 人</strong>" in html
    assert "過去7日間にすでに 3 通以上受け取っています" in html
    assert 'name="confirm_line_guardrails"' in html

    # Without the tick: the dialog says so, and nothing is approved or sent.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"line_task_state": task_state.pk, "comment": ""}, **XHR
        )
    answer = json.loads(response.content)
    assert answer["step"] == "action"
    assert "チェックを入れてから承認してください" in answer["html"]
    page.refresh_from_db()
    assert not page.live and not Delivery.objects.filter(page=page).exists()

    # A plain POST (no dialog) is not approved either: it leads to the confirmation.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {})
    confirm_url = f"/admin/line/approvals/{task_state.pk}/confirm/"
    assert response.status_code == 302 and response["Location"] == confirm_url
    page.refresh_from_db()
    assert not page.live
    confirm = admin_client.get(confirm_url).content.decode()
    assert (
        "data-guardrails" in confirm and "確認したので承認してLINEで配信する" in confirm
    )
    assert "<strong data-recipients>5 人</strong>" in confirm
    assert f'action="{url}?next=' in confirm

    # One click on the confirmation approves, publishes and delivers.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"{url}?next=/admin/", {"line_task_state": task_state.pk, **CONFIRMED}
        )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert Delivery.objects.get(page=page).accepted_recipients == 5
    assert all(len(line_channel.received(f.line_user_id)) == 1 for f in busy + calm)
    entry = AuditEntry.objects.get(action="delivery.guardrail_confirmed")
    assert entry.details["recipients"] == 5 and entry.details["at_cap"] == 2
    assert entry.details["via"] == "approval"
    assert entry.target_id == str(page.pk)


CONFIRMED = {"confirm_line_guardrails": "on"}


def test_the_ticked_dialog_approves_at_once(
    line_channel,
    news_index,
    topics,
    limits,  # noqa: F811
    admin_client,
    django_capture_on_commit_callbacks,
):
    busy = [make_friend() for _ in range(2)]
    already_received(busy, 3)
    page, task_state = in_moderation(news_index, topics)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            approve_url(page, task_state),
            {"line_task_state": task_state.pk, "comment": "確認済み", **CONFIRMED},
            **XHR,
        )
    assert json.loads(response.content)["step"] == "success"
    page.refresh_from_db()
    assert page.live
    assert AuditEntry.objects.filter(action="delivery.guardrail_confirmed").count() == 1


def test_an_approval_without_warning_still_shows_who_receives_it(
    line_channel,
    news_index,
    topics,
    limits,  # noqa: F811
    admin_client,
    django_capture_on_commit_callbacks,
):
    make_friend()
    make_friend(topics=[topics["event"]])
    page, task_state = in_moderation(news_index, topics)
    url = approve_url(page, task_state)

    html = json.loads(admin_client.get(url, **XHR).content)["html"]
    assert "承認すると公開され、 <strong data-recipients>1 人</strong>" in html
    assert 'name="confirm_line_guardrails"' not in html  # nothing to confirm

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {})
    page.refresh_from_db()
    assert page.live
    assert not AuditEntry.objects.filter(action="delivery.guardrail_confirmed")


def test_approving_in_the_editor_asks_first_and_the_confirmation_approves(
    line_channel,
    news_index,
    topics,
    limits,  # noqa: F811
    admin_client,
    django_capture_on_commit_callbacks,
):
    busy = [make_friend() for _ in range(2)]
    already_received(busy, 3)
    page, task_state = in_moderation(news_index, topics)
    edit_url = f"/admin/pages/{page.pk}/edit/"
    comment = "写真を差し替えて承認します。"
    data = news_form(
        slug=page.slug,
        send_to_line="on",
        **{
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            # The approval dialog's comment, as the editor posts it.
            "workflow-action-extra-data": json.dumps({"comment": comment}),
        },
    )
    data["topics"] = [str(topics["gomi"].pk)]

    response = admin_client.post(edit_url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "data-guardrails" in html
    assert "<strong data-recipients>2 人</strong>" in html
    page.refresh_from_db()
    assert not page.live

    # The confirmation posts the same form again, the approval now confirmed.
    import re

    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)
    reposted: dict[str, list[str]] = {}
    for name, value in fields:
        reposted.setdefault(name, []).append(
            value.replace("&quot;", '"').replace("&amp;", "&")
        )
    extra = json.loads(reposted["workflow-action-extra-data"][0])
    assert extra["confirm_line_guardrails"] is True
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(edit_url, reposted)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert Delivery.objects.get(page=page).accepted_recipients == 2
    entries = AuditEntry.objects.filter(action="delivery.guardrail_confirmed")
    assert entries.count() == 1 and entries.get().details["via"] == "approval"
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.comment == comment  # the approver's words, kept


def test_a_first_step_of_two_does_not_ask(
    line_channel,
    news_index,
    topics,
    limits,  # noqa: F811
    admin_client,
    django_capture_on_commit_callbacks,
):
    """Only the approval that publishes delivers, so only it is guarded."""
    busy = [make_friend() for _ in range(2)]
    already_received(busy, 3)
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    second = LineGuardedApprovalTask.objects.create(name="課長の承認")
    WorkflowTask.objects.create(workflow=workflow, task=second, sort_order=1)
    page, task_state = in_moderation(news_index, topics)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(approve_url(page, task_state), {})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    page.refresh_from_db()
    assert not page.live
    last = page.current_workflow_state.current_task_state
    response = admin_client.post(approve_url(page, last), {})
    assert response["Location"] == f"/admin/line/approvals/{last.pk}/confirm/"


def test_an_existing_group_approval_task_becomes_the_guarded_one(db, news_index):
    """The data migration (and ensure_roles) keep the task's id, groups and states."""
    group = Group.objects.create(name="旧承認者")
    task = GroupApprovalTask.objects.create(name="既存の承認")
    task.groups.add(group)
    workflow = Workflow.objects.create(name="既存のワークフロー")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    page = NewsPageFactory(parent=news_index, live=False)
    page.save_revision()
    state = workflow.start(page, None)

    migration = importlib.import_module(
        "line_delivery.migrations.0019_line_guarded_approval_task"
    )
    from django.apps import apps

    migration.guard_existing_approval_tasks(
        apps, types.SimpleNamespace(connection=connection)
    )

    promoted = Task.objects.get(pk=task.pk).specific
    assert isinstance(promoted, LineGuardedApprovalTask)
    assert list(promoted.groups.all()) == [group]
    waiting = TaskState.objects.get(pk=state.current_task_state.pk)
    assert isinstance(waiting.task.specific, LineGuardedApprovalTask)
    assert guard_approval_task(task) == promoted  # already done: unchanged


def test_the_approvers_comment_is_kept_through_the_confirmation(
    line_channel,
    news_index,
    topics,
    limits,  # noqa: F811
    admin_client,
    django_capture_on_commit_callbacks,
):
    busy = [make_friend() for _ in range(2)]
    already_received(busy, 3)
    page, task_state = in_moderation(news_index, topics)
    url = approve_url(page, task_state)
    comment = "日付を確認しました。公開してください。"

    # 承認 with a comment but without the tick: the confirmation shows the comment.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"line_task_state": task_state.pk, "comment": comment}
        )
    confirm_url = f"/admin/line/approvals/{task_state.pk}/confirm/"
    assert response.status_code == 302 and response["Location"] == confirm_url
    confirm = admin_client.get(confirm_url).content.decode()
    assert f">{comment}</textarea>" in confirm
    assert 'name="comment"' in confirm

    # The confirmation's one click approves with that comment on the task state.
    import re

    fields = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', confirm)
    )
    # As the browser posts it: the textarea with the kept comment.
    fields["comment"] = re.search(
        r'<textarea[^>]*name="comment"[^>]*>([^<]*)</textarea>', confirm
    ).group(1)
    action = re.search(r'<form method="post" action="([^"]+)"', confirm).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(action.replace("&amp;", "&"), fields)
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.comment == comment
    page.refresh_from_db()
    assert page.live
    assert Delivery.objects.get(page=page).accepted_recipients == 2
