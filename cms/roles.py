"""Staff roles (Wagtail groups), their page permissions and the approval workflow.

| group | may |
|---|---|
| 管理者 | everything, incl. disaster mode, default rich menu, channel and city settings |
| 承認者 | edit, approve and publish in the news, disaster and garbage sections |
| 編集者（部署） | write drafts and test-send in their department's sections; publish only after approval — except 危機管理, who publish disaster notices directly (fast path) |
| 閲覧者 | read the admin (snippets, delivery records), change nothing |
| 監査担当 | read the audit and access logs |

``ensure_roles()`` is idempotent and additive for the city's roles (it never removes a
permission someone granted by hand to one of them). It removes Wagtail's default groups
("Moderators", "Editors") with their page permissions and workflow assignments, and the
default "Moderators approval" workflow on the root page: they sit beside the city's
roles in the user form and publish anywhere (issue 21). The system check
``cms.E001`` fails if a group outside the city's roles holds publish rights.
It runs after every ``migrate`` and from ``seed_demo``; page
permissions need the section pages, so run ``manage.py setup_roles`` once after
creating the news index, disaster index or garbage guide in a new site.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction


ADMINISTRATORS = "管理者"
APPROVERS = "承認者"
VIEWERS = "閲覧者"
AUDITORS = "監査担当"
CITY_ADMIN_PERMISSION = "cms.administer_city"
"""The permission behind ``is_city_admin`` (disaster mode, default rich menu, channel)."""

SECTIONS = ("news", "disaster", "garbage")
SECTION_MODELS = {
    "news": "home.NewsIndexPage",
    "disaster": "home.DisasterIndexPage",
    "garbage": "home.GarbageGuidePage",
}

DRAFT = ("add_page", "change_page", "lock_page", "unlock_page")
PUBLISH = (*DRAFT, "publish_page")
ALL_PAGE = (*PUBLISH, "bulk_delete_page")

ADMIN_ACCESS = ("wagtailadmin.access_admin",)
IMAGES_AND_DOCUMENTS = (
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
)
READ_ONLY = (
    "line_delivery.view_delivery",
    "home.view_topic",
    "home.view_area",
    "home.view_shelter",
    "home.view_faq",
    "home.view_garbagecategory",
    "home.view_garbageitem",
    "home.view_collectionarea",
)
DEPARTMENTS: dict[str, dict[str, Any]] = {
    # Every department writes news; each also owns its own section and snippets.
    "広報": {"pages": {"news": DRAFT}, "models": ("home.add_faq", "home.change_faq")},
    "危機管理": {
        "pages": {"news": DRAFT, "disaster": PUBLISH},
        "models": ("home.add_shelter", "home.change_shelter"),
    },
    "環境整備": {
        "pages": {"news": DRAFT, "garbage": DRAFT},
        "models": (
            "home.add_garbageitem",
            "home.change_garbageitem",
            "home.add_garbagecategory",
            "home.change_garbagecategory",
            "home.add_collectionarea",
            "home.change_collectionarea",
        ),
    },
}
WORKFLOW_NAME = "公開前の承認"
APPROVAL_TASK_NAME = "承認者による承認"

WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")
"""Created by Wagtail's own data migrations; not roles of the city."""
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
WAGTAIL_DEFAULT_TASK = "Moderators approval"

APPROVAL_PAGE_TYPES = (
    "home.NewsPage",
    "home.DisasterNoticePage",
    "home.GarbageGuidePage",
    "home.SurveyPage",
)
"""Page types that may be put under 「公開前の承認」 (all of them by default); staff
choose in 「設定 › 公開前の承認」 (``cms.models.ApprovalSettings``)."""


def city_role_names() -> set[str]:
    """The names of every group the city's roles consist of."""
    return {
        ADMINISTRATORS,
        APPROVERS,
        VIEWERS,
        AUDITORS,
        *(editor_group_name(department) for department in DEPARTMENTS),
    }


def editor_group_name(department: str) -> str:
    return f"編集者（{department}）"


def is_city_admin(user: Any) -> bool:
    """管理者 only: switch disaster mode, set the default rich menu, change channel settings."""
    return bool(
        user is not None
        and user.is_active
        and (user.is_superuser or user.has_perm(CITY_ADMIN_PERMISSION))
    )


def city_admin_required(view: Callable) -> Callable:
    """View decorator: 403 for everyone but 管理者."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_city_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _permissions(*dotted: str) -> list[Permission]:
    found = []
    for name in dotted:
        app_label, codename = name.split(".")
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            found.append(permission)
    return found


def _group(name: str, *permissions: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(*_permissions(*permissions))
    return group


def section_pages() -> dict[str, list]:
    from django.apps import apps

    return {
        section: list(apps.get_model(label).objects.all())
        for section, label in SECTION_MODELS.items()
    }


def _grant_pages(group: Group, pages: list, codenames: tuple[str, ...]) -> None:
    from wagtail.models import GroupPagePermission

    permissions = _permissions(*(f"wagtailcore.{codename}" for codename in codenames))
    for page in pages:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )


def _grant_collections(group: Group, codenames: tuple[str, ...]) -> None:
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    if root is None:
        return
    for permission in _permissions(*codenames):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


@transaction.atomic
def ensure_roles() -> dict[str, Group]:
    """Create or complete the groups, page permissions and approval workflow."""
    from wagtail.models import Page

    groups: dict[str, Group] = {}
    sections = section_pages()

    administrators = _group(ADMINISTRATORS)
    administrators.permissions.add(*Permission.objects.all())
    root = Page.get_first_root_node()
    if root is not None:
        _grant_pages(administrators, [root], ALL_PAGE)
    _grant_collections(
        administrators,
        (
            *IMAGES_AND_DOCUMENTS,
            "wagtailimages.change_image",
            "wagtailimages.delete_image",
            "wagtaildocs.change_document",
            "wagtaildocs.delete_document",
        ),
    )
    groups[ADMINISTRATORS] = administrators

    approvers = _group(APPROVERS, *ADMIN_ACCESS, *READ_ONLY)
    for section in SECTIONS:
        _grant_pages(approvers, sections[section], PUBLISH)
    _grant_collections(approvers, IMAGES_AND_DOCUMENTS)
    groups[APPROVERS] = approvers

    for department, grants in DEPARTMENTS.items():
        editors = _group(
            editor_group_name(department), *ADMIN_ACCESS, *READ_ONLY, *grants["models"]
        )
        for section, codenames in grants["pages"].items():
            _grant_pages(editors, sections[section], codenames)
        _grant_collections(editors, IMAGES_AND_DOCUMENTS)
        groups[editors.name] = editors

    groups[VIEWERS] = _group(VIEWERS, *ADMIN_ACCESS, *READ_ONLY)
    groups[AUDITORS] = _group(
        AUDITORS, *ADMIN_ACCESS, "cms.view_auditentry", "cms.view_accesslogentry"
    )
    remove_wagtail_default_groups()
    _ensure_approval_settings()
    _ensure_workflow([approvers, administrators])
    return groups


def remove_wagtail_default_groups() -> list[str]:
    """Delete "Moderators"/"Editors" and the default workflow on the root page.

    Deleting a group deletes its page and collection permissions and its place in any
    approval task; members keep only the city's roles they also hold.
    Returns the names of the groups removed.
    """
    from wagtail.models import Task, Workflow, WorkflowPage

    removed = list(
        Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).values_list(
            "name", flat=True
        )
    )
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()
    # Deactivated, not deleted: workflow states of old pages point at them.
    default_workflows = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW)
    WorkflowPage.objects.filter(workflow__in=default_workflows).delete()
    default_workflows.update(active=False)
    Task.objects.filter(name=WAGTAIL_DEFAULT_TASK).update(active=False)
    return removed


def approval_workflow():
    from wagtail.models import Workflow

    return Workflow.objects.filter(name=WORKFLOW_NAME).first()


def _ensure_workflow(approver_groups: list[Group]) -> None:
    """News (and the other page types chosen) go live only after a 承認者 approves.

    Editors without publish permission can only submit; those with it (承認者, and
    危機管理 in the disaster section) may still publish directly — the fast path.
    """
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    from line_delivery.delivery_reports.approval import (
        LineGuardedApprovalTask,
        guard_approval_task,
    )

    # The approval shows 配信前の確認 when it delivers a page to LINE (issue 16).
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = LineGuardedApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
    else:
        task = guard_approval_task(task)
    task.groups.add(*approver_groups)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0}
    )
    sync_approval_pages(workflow)


def approval_page_models() -> list[type]:
    """The page models under 「公開前の承認」: the admin's choice, else all of them."""
    from django.apps import apps

    from .models import ApprovalSettings

    choice = ApprovalSettings.objects.first()
    if choice is None:
        return [apps.get_model(label) for label in APPROVAL_PAGE_TYPES]
    return [
        model
        for content_type in choice.page_types.all()
        if (model := content_type.model_class()) is not None
    ]


def _ensure_approval_settings() -> None:
    """The first time: every page type that can be chosen is under 「公開前の承認」."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from .models import ApprovalSettings

    if ApprovalSettings.objects.exists():
        return
    choice = ApprovalSettings.objects.create()
    choice.page_types.set(
        ContentType.objects.get_for_models(
            *(apps.get_model(label) for label in APPROVAL_PAGE_TYPES)
        ).values()
    )


def sync_approval_pages(workflow=None) -> None:
    """Assign 「公開前の承認」 to exactly the pages of the chosen types.

    A parent whose every allowed child type is chosen (お知らせ, 防災情報) carries the
    workflow, so new children get it from the start (Wagtail's create view asks the
    parent); other pages of a chosen type (surveys and the garbage guide, under the
    top page) carry it themselves, and new ones get it when created
    (``assign_approval_workflow``).
    """
    from wagtail.models import WorkflowPage

    workflow = workflow or approval_workflow()
    if workflow is None:
        return
    chosen = approval_page_models()
    wanted: set[int] = set()
    for model in chosen:
        wanted.update(model.objects.values_list("pk", flat=True))
        for parent in model.allowed_parent_page_models():
            children = set(parent.allowed_subpage_models())
            if children and children <= set(chosen):
                wanted.update(parent.objects.values_list("pk", flat=True))
    WorkflowPage.objects.filter(workflow=workflow).exclude(page_id__in=wanted).delete()
    assigned = set(
        WorkflowPage.objects.filter(page_id__in=wanted).values_list(
            "page_id", flat=True
        )
    )
    WorkflowPage.objects.bulk_create(
        [WorkflowPage(page_id=pk, workflow=workflow) for pk in wanted - assigned]
    )


def assign_approval_workflow(sender, instance, created, raw=False, **kwargs) -> None:
    """post_save of a chosen page type: a new page starts under 「公開前の承認」."""
    from wagtail.models import WorkflowPage

    if not created or raw or type(instance) not in approval_page_models():
        return
    workflow = approval_workflow()
    if workflow is not None and instance.get_workflow() is None:
        WorkflowPage.objects.get_or_create(
            page=instance, defaults={"workflow": workflow}
        )


def ensure_roles_after_migrate(sender, app_config=None, using="default", **kwargs):
    """post_migrate: once per ``migrate``, after every app's permissions exist."""
    if using != "default" or not is_last_migrated_app(app_config or sender):
        return
    ensure_roles()


def is_last_migrated_app(app_config) -> bool:
    """True for the last post_migrate of a ``migrate``, once every app's tables exist.

    Django sends post_migrate only to apps that have models, so "the last installed
    app" would silently never come when that app has none.
    """
    from django.apps import apps

    with_models = [c.label for c in apps.get_app_configs() if c.models_module]
    return bool(with_models) and app_config.label == with_models[-1]
