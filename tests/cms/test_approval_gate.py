"""The approval gate as an invariant: every route that makes a page live or delivers it,
tried by every role, after Wagtail's default groups are removed by ``setup_roles``.

Residents receive a page (a ``Delivery`` of kind 公開時の配信 or 再配信) only when a
role that may publish in that section makes it so; テスト配信 reaches test members only.
Runs on PostgreSQL like every test here.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

import pytest

from cms.checks import only_city_roles_publish
from cms.roles import (
    ADMINISTRATORS,
    APPROVERS,
    AUDITORS,
    VIEWERS,
    WAGTAIL_DEFAULT_GROUPS,
    editor_group_name,
)
from line_delivery.models import Delivery
from tests.auth import sign_in_verified
from tests.factories import (
    DisasterIndexPageFactory,
    DisasterNoticePageFactory,
    GarbageGuidePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.home.test_admin_editing import news_form


pytestmark = pytest.mark.django_db

PASSWORD = "a long enough password 2026"
MODERATOR = (
    "Moderators"  # Wagtail's default group: a user in it alone, before setup_roles
)
ROLES = [
    ADMINISTRATORS,
    APPROVERS,
    editor_group_name("広報"),
    editor_group_name("危機管理"),
    editor_group_name("環境整備"),
    VIEWERS,
    AUDITORS,
    MODERATOR,
]
NEWS_PUBLISHERS = {ADMINISTRATORS, APPROVERS}
NEWS_WRITERS = {
    ADMINISTRATORS,
    APPROVERS,
    editor_group_name("広報"),
    editor_group_name("危機管理"),
    editor_group_name("環境整備"),
}
RESIDENT_KINDS = (Delivery.Kind.PUBLISH, Delivery.Kind.REDELIVER)


def install_wagtail_defaults(root: Page) -> None:
    """What Wagtail's own migrations create on a new site (wagtail/migrations/0002)."""
    access = Permission.objects.get(codename="access_admin")
    moderators = Group.objects.create(name="Moderators")
    editors = Group.objects.create(name="Editors")
    for group, codenames in (
        (moderators, ("add_page", "change_page", "publish_page", "lock_page")),
        (editors, ("add_page", "change_page")),
    ):
        group.permissions.add(access)
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group,
                page=root,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.add(moderators)
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task.task_ptr, sort_order=0)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


@pytest.fixture
def site(home_page, sandbox):
    """A fresh install: Wagtail's default groups present, then ``setup_roles``."""
    root = Page.get_first_root_node()
    install_wagtail_defaults(root)
    sections = {
        "news": NewsIndexPageFactory(parent=home_page),
        "news2": NewsIndexPageFactory(
            parent=home_page, title="お知らせ（地域）", slug="news-area"
        ),
        "disaster": DisasterIndexPageFactory(parent=home_page),
        "garbage": GarbageGuidePageFactory(parent=home_page),
    }
    users = {}
    for role in ROLES:
        user = get_user_model().objects.create_user(
            f"staff-{len(users)}", password=PASSWORD
        )
        user.groups.add(Group.objects.get(name=role))
        users[role] = user

    # Before: the hole the issue describes, and the system check that names it.
    assert set(WAGTAIL_DEFAULT_GROUPS) <= set(
        Group.objects.values_list("name", flat=True)
    )
    assert sections["news"].permissions_for_user(users[MODERATOR]).can_publish_subpage()
    errors = only_city_roles_publish()
    assert [e.id for e in errors] == ["cms.E001"] and "Moderators" in errors[0].msg

    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert not Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).exists()
    assert not WorkflowPage.objects.filter(
        workflow__name="Moderators approval"
    ).exists()
    assert only_city_roles_publish() == []
    users[MODERATOR].refresh_from_db()
    assert not users[MODERATOR].groups.exists()
    return sections, users


def draft(parent, **kwargs):
    page = NewsPageFactory(parent=parent, live=False, send_to_line=True, **kwargs)
    page.save_revision()
    return page


def live(parent, capture, **kwargs):
    """A page already live and delivered (its own delivery is not an attempt's)."""
    page = NewsPageFactory(parent=parent, live=False, send_to_line=True, **kwargs)
    with capture(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def resident_deliveries(**filters) -> int:
    return Delivery.objects.filter(kind__in=RESIDENT_KINDS, **filters).count()


LIVE_ROUTES = {"copy_with_publish", "alias", "move", "redeliver"}


def attempt(client, user, route, sections, capture):
    """Try ``route`` as ``user``; return True if residents were sent something."""
    news = sections["news"]
    target = live(news, capture) if route in LIVE_ROUTES else news
    sign_in_verified(client, user)
    before = resident_deliveries()
    with capture(execute=True):
        ROUTES[route](client, user, sections, target)
    client.logout()
    return resident_deliveries() > before


def admin_publish(client, user, sections, news):
    page = draft(news)
    client.post(
        f"/admin/pages/{page.pk}/edit/",
        news_form(slug=page.slug, send_to_line="on", **{"action-publish": "1"}),
    )


def admin_create_publish(client, user, sections, news):
    client.post(
        f"/admin/pages/add/home/newspage/{news.pk}/",
        news_form(slug=f"new-{user.pk}", send_to_line="on", **{"action-publish": "1"}),
    )


def workflow_approve(client, user, sections, news):
    page = draft(news)
    submitter = get_user_model().objects.get(username="staff-2")  # 編集者（広報）
    state = page.get_workflow().start(page, submitter)
    task_state = state.current_task_state
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {})


def scheduled_publish(client, user, sections, news):
    page = draft(news)
    go_live = timezone.localtime() + datetime.timedelta(hours=1)
    client.post(
        f"/admin/pages/{page.pk}/edit/",
        news_form(
            slug=page.slug,
            send_to_line="on",
            go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
            **{"action-publish": "1"},
        ),
    )
    # An hour later, Celery beat runs publish_scheduled:
    page.refresh_from_db()
    for revision in page.revisions.filter(approved_go_live_at__isnull=False):
        revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
        revision.content["go_live_at"] = revision.approved_go_live_at.isoformat()
        revision.save()
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115


def copy_with_publish(client, user, sections, page):
    news = sections["news"]
    client.post(
        f"/admin/pages/{page.pk}/copy/",
        {
            "new_title": "コピー",
            "new_slug": f"copy-{user.pk}",
            "new_parent_page": news.pk,
            "publish_copies": "on",
            "confirm_line_delivery": "1",
        },
    )


def alias(client, user, sections, page):
    client.post(
        f"/admin/pages/{page.pk}/copy/",
        {
            "new_title": page.title,
            "new_slug": f"alias-{user.pk}",
            "new_parent_page": sections["news2"].pk,
            "alias": "on",
            "publish_copies": "on",
        },
    )


def move(client, user, sections, page):
    client.post(f"/admin/pages/{page.pk}/move/{sections['news2'].pk}/confirm/", {})


def bulk_publish(client, user, sections, news):
    pages = [draft(news), draft(news)]
    query = "&".join(f"id={page.pk}" for page in pages)
    client.post(f"/admin/bulk/wagtailcore/page/publish/?{query}", {})


def redeliver(client, user, sections, page):
    client.post(f"/admin/line/pages/{page.pk}/redeliver/")


def send_test(client, user, sections, news):
    page = draft(news)
    client.post(f"/admin/line/pages/{page.pk}/test-send/")


def api(client, user, sections, news):
    page = draft(news)
    for method in (client.post, client.put, client.patch):
        response = method(
            f"/api/v2/pages/{page.pk}/",
            {"live": True},
            content_type="application/json",
        )
        assert response.status_code in (403, 404, 405)
    response = client.post(
        "/api/v2/pages/", {"live": True}, content_type="application/json"
    )
    assert response.status_code in (403, 404, 405)


ROUTES = {
    "admin_publish": admin_publish,
    "admin_create_publish": admin_create_publish,
    "workflow_approve": workflow_approve,
    "scheduled_publish": scheduled_publish,
    "copy_with_publish": copy_with_publish,
    "alias": alias,
    "move": move,
    "bulk_publish": bulk_publish,
    "redeliver": redeliver,
    "test_send": send_test,
    "api": api,
}
WHO_DELIVERS_TO_RESIDENTS = {
    "admin_publish": NEWS_PUBLISHERS,
    "admin_create_publish": NEWS_PUBLISHERS,
    "workflow_approve": NEWS_PUBLISHERS,
    "scheduled_publish": NEWS_PUBLISHERS,
    "copy_with_publish": NEWS_PUBLISHERS,
    "alias": set(),  # an alias is never delivered
    "move": set(),  # moving a live page does not send it again
    "bulk_publish": NEWS_PUBLISHERS,
    "redeliver": NEWS_PUBLISHERS,
    "test_send": set(),  # test members only (checked below)
    "api": set(),  # the public API is read-only
}


@pytest.mark.parametrize("route", list(ROUTES))
def test_only_publishing_roles_deliver_news_by_any_route(
    route, site, client, django_capture_on_commit_callbacks
):
    sections, users = site
    delivered_by = {
        role
        for role, user in users.items()
        if attempt(client, user, route, sections, django_capture_on_commit_callbacks)
    }
    assert delivered_by == WHO_DELIVERS_TO_RESIDENTS[route]


def test_test_sends_come_from_writers_and_reach_test_members_only(
    site, client, django_capture_on_commit_callbacks
):
    from tests.line_delivery.conftest import make_test_member

    make_test_member()
    sections, users = site
    senders = set()
    for role, user in users.items():
        before = Delivery.objects.filter(kind=Delivery.Kind.TEST).count()
        attempt(client, user, "test_send", sections, django_capture_on_commit_callbacks)
        if Delivery.objects.filter(kind=Delivery.Kind.TEST).count() > before:
            senders.add(role)
    assert senders == NEWS_WRITERS
    assert resident_deliveries() == 0


def test_disaster_notices_fast_path_is_only_for_crisis_management(
    site, client, django_capture_on_commit_callbacks
):
    sections, users = site
    published_by = set()
    for role, user in users.items():
        notice = DisasterNoticePageFactory(
            parent=sections["disaster"], live=False, send_to_line=True
        )
        notice.save_revision()
        sign_in_verified(client, user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/admin/bulk/wagtailcore/page/publish/?id={notice.pk}", {})
        client.logout()
        if resident_deliveries(page=notice):
            published_by.add(role)
    assert published_by == {ADMINISTRATORS, APPROVERS, editor_group_name("危機管理")}


def test_copying_a_live_page_with_publish_asks_before_it_delivers_again(
    site, client, django_capture_on_commit_callbacks
):
    sections, users = site
    page = live(
        sections["news"], django_capture_on_commit_callbacks, title="収集日の変更"
    )
    sign_in_verified(client, users[APPROVERS])
    form = {
        "new_title": "収集日の変更（再掲）",
        "new_slug": "saikei",
        "new_parent_page": sections["news"].pk,
        "publish_copies": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{page.pk}/copy/", form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "LINEでもう一度配信されます" in html and "収集日の変更" in html
    assert not Page.objects.filter(slug="saikei").exists()
    assert resident_deliveries() == 1  # the original's own, nothing more

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/{page.pk}/copy/", {**form, "confirm_line_delivery": "1"}
        )
    assert response.status_code == 302
    copy = Page.objects.get(slug="saikei")
    assert copy.live and resident_deliveries(page=copy) == 1

    # Without 公開, the copy is a draft and nothing is asked or sent.
    response = client.post(
        f"/admin/pages/{page.pk}/copy/",
        {**form, "new_slug": "draft-copy", "publish_copies": ""},
    )
    assert response.status_code == 302
    assert not Page.objects.get(slug="draft-copy").live
