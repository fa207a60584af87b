"""Roles: editors draft, 承認者 approve, 危機管理 publish disaster notices directly."""

from django.contrib.auth.models import Group

from wagtail.models import GroupPagePermission, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from cms.roles import (
    ADMINISTRATORS,
    APPROVERS,
    VIEWERS,
    editor_group_name,
    ensure_roles,
    is_city_admin,
)
from home.models import CitySettings, DisasterNoticePage, NewsPage
from line_delivery.models import Delivery
from tests.factories import NewsPageFactory
from tests.home.test_admin_editing import news_form as admin_news_form


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sandbox(sandbox):
    """Deliveries go to the sandbox channel (nothing leaves the machine)."""


def news_form(**overrides):
    """The admin's news form (tests/home), sent to LINE when published."""
    return admin_news_form(send_to_line="on", **overrides)


def disaster_form(**overrides):
    data = {
        "title": "大雨による高齢者等避難",
        "slug": "ooame",
        "level": "3",
        "hazard": "heavy_rain",
        "issued_at": "2026-11-24 10:00",
        "lifted_at": "",
        "summary": "大雨のため高齢者等避難を発令しました。",
        "send_to_line": "on",
        "body": streamfield(
            [("paragraph", rich_text("<p>早めに避難してください。</p>"))]
        ),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_cannot_publish_news_it_goes_live_after_approval(
    sections, staff_member, signed_in, client, django_capture_on_commit_callbacks
):
    editor = staff_member(editor_group_name("広報"), username="kouhou-editor")
    approver = staff_member(APPROVERS, username="kachou")
    news = sections["news"]

    signed_in(editor)
    add_url = f"/admin/pages/add/home/newspage/{news.pk}/"
    assert 'name="action-publish"' not in client.get(add_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(add_url, news_form(**{"action-publish": "publish"}))
    page = NewsPage.objects.get(slug="moeru-gomi")
    assert not page.live  # a publish attempt only saves a draft
    assert not Delivery.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/pages/{page.pk}/edit/", news_form(**{"action-submit": "submit"})
        )
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert not page.live and not Delivery.objects.exists()

    # The editor cannot approve their own submission.
    task_state = state.current_task_state
    approve_url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    client.post(approve_url, {})
    page.refresh_from_db()
    assert not page.live

    client.logout()
    signed_in(approver)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(approve_url, {})
    page.refresh_from_db()
    assert page.live
    delivery = Delivery.objects.get(page=page)
    assert delivery.kind == Delivery.Kind.PUBLISH
    assert delivery.status == Delivery.Status.COMPLETED


def test_crisis_management_editor_publishes_a_disaster_notice_directly(
    sections, staff_member, signed_in, client, django_capture_on_commit_callbacks
):
    editor = staff_member(editor_group_name("危機管理"), username="kikikanri")
    signed_in(editor)
    add_url = f"/admin/pages/add/home/disasternoticepage/{sections['disaster'].pk}/"
    assert 'name="action-publish"' in client.get(add_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add_url, disaster_form(**{"action-publish": "1"}))
    assert response.status_code == 302
    notice = DisasterNoticePage.objects.get(slug="ooame")
    assert notice.live
    assert Delivery.objects.get(page=notice).kind == Delivery.Kind.PUBLISH


def test_other_departments_cannot_write_disaster_notices(
    sections, staff_member, signed_in, client
):
    signed_in(staff_member(editor_group_name("広報"), username="kouhou-editor"))
    add_url = f"/admin/pages/add/home/disasternoticepage/{sections['disaster'].pk}/"
    assert client.get(add_url).status_code in (302, 403)


def test_viewer_cannot_edit(sections, staff_member, signed_in, client):
    page = NewsPageFactory(parent=sections["news"])
    signed_in(staff_member(VIEWERS, username="etsuran"))
    assert client.get("/admin/").status_code == 200  # may look around
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403)
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        news_form(title="書き換え", slug=page.slug, **{"action-publish": "1"}),
    )
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.title != "書き換え"
    assert client.get("/admin/delivery/").status_code == 200  # read-only records


def test_only_administrators_change_city_settings_and_pass_is_city_admin(
    sections, staff_member, signed_in, client, admin_user
):
    administrator = staff_member(ADMINISTRATORS, username="kanri")
    approver = staff_member(APPROVERS, username="kachou")
    assert is_city_admin(administrator) and is_city_admin(admin_user)
    assert not is_city_admin(approver)
    url = f"/admin/settings/home/citysettings/{CitySettings.load().pk}/"

    signed_in(approver)
    assert client.get(url).status_code in (302, 403)
    client.logout()
    signed_in(administrator)
    response = client.post(url, {"city_name": "大竹市", "contact": "総務課"})
    assert response.status_code == 302
    assert CitySettings.load().contact == "総務課"


def test_migrate_creates_the_groups_and_the_workflow(db):
    # No call here: the groups come from ``migrate`` (post_migrate) alone.
    names = set(Group.objects.values_list("name", flat=True))
    assert {ADMINISTRATORS, APPROVERS, VIEWERS, "監査担当"} <= names
    assert editor_group_name("危機管理") in names
    # Wagtail's own "Moderators"/"Editors" are gone, and its root workflow with them.
    assert not names & {"Moderators", "Editors"}
    from wagtail.models import WorkflowPage

    assert not WorkflowPage.objects.filter(
        workflow__name="Moderators approval"
    ).exists()
    assert (
        Group.objects.get(name=ADMINISTRATORS)
        .permissions.filter(codename="administer_city")
        .exists()
    )


def test_setup_roles_is_idempotent(sections):
    before = (Group.objects.count(), GroupPagePermission.objects.count())
    ensure_roles()
    assert (Group.objects.count(), GroupPagePermission.objects.count()) == before
    assert Group.objects.filter(name=editor_group_name("環境整備")).exists()


def test_editor_may_test_send_a_draft_but_not_redeliver(
    sections, staff_member, signed_in, client, django_capture_on_commit_callbacks
):
    from tests.line_delivery.conftest import make_test_member

    make_test_member()
    page = NewsPageFactory(parent=sections["news"], live=False)
    page.save_revision()
    signed_in(staff_member(editor_group_name("広報"), username="kouhou-editor"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/line/pages/{page.pk}/test-send/")
    assert response.status_code == 302
    assert Delivery.objects.get(page=page).kind == Delivery.Kind.TEST
    # Wagtail answers a refused admin action with a redirect to the dashboard.
    response = client.post(f"/admin/line/pages/{page.pk}/redeliver/")
    assert response.status_code in (302, 403) and "redeliver" not in response.get(
        "Location", ""
    )
    assert not Delivery.objects.filter(kind=Delivery.Kind.REDELIVER).exists()


def test_only_administrators_switch_disaster_mode_and_the_default_menu(
    sections, staff_member
):
    from home import disaster_mode
    from line_delivery.rich_menus.views import can_set_default

    administrator = staff_member(ADMINISTRATORS, username="kanri2")
    approver = staff_member(APPROVERS, username="kachou2")
    crisis_editor = staff_member(editor_group_name("危機管理"), username="kiki")
    assert not administrator.is_superuser
    assert disaster_mode.can_switch(administrator)
    assert can_set_default(administrator)
    for user in (approver, crisis_editor):
        assert not disaster_mode.can_switch(user)
        assert not can_set_default(user)
    disaster_mode.enter(user=administrator, reason="訓練")
    assert disaster_mode.is_active()


def test_only_the_citys_roles_exist_and_a_stray_publisher_fails_the_check(
    sections, django_user_model
):
    from django.core import checks

    from wagtail.models import Page, Workflow

    from cms.roles import city_role_names

    # As a fresh Wagtail install has them (the test database ran setup_roles already).
    moderators = Group.objects.create(name="Moderators")
    Group.objects.create(name="Editors")
    GroupPagePermission.objects.create(
        group=moderators,
        page=Page.get_first_root_node(),
        permission_type="publish",
    )
    user = django_user_model.objects.create_user("moderator", password="x" * 12)
    user.groups.add(moderators)

    def problems():
        found = checks.run_checks(include_deployment_checks=True)
        return [e.id for e in found if e.id == "cms.E001"]

    assert problems() == ["cms.E001"]

    ensure_roles()  # what setup_roles and every migrate run

    assert set(Group.objects.values_list("name", flat=True)) == city_role_names()
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()
    assert not user.groups.exists()  # the way around the approval gate is gone
    assert not problems()


def test_surveys_need_the_same_approval_as_news(sections, home_page):
    from tests.factories import SurveyPageFactory

    survey = SurveyPageFactory(parent=home_page)
    assert survey.get_workflow().name == "公開前の承認"
