"""Admin menu entries of the project itself (staff security, audit and access logs)."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.contrib.settings.registry import register_setting
from wagtail.permissions import register_permission_policy

from . import audit
from .admin_views import AccessLogViewSet, AuditEntryViewSet, RecordsPermissionPolicy
from .models import AccessLogEntry, ApprovalSettings, AuditEntry


ApprovalSettings.panels = [
    FieldPanel("page_types", widget=forms.CheckboxSelectMultiple),
]
register_setting(ApprovalSettings, icon="tasks")


for _records in (AuditEntry, AccessLogEntry):
    register_permission_policy(_records, RecordsPermissionPolicy(_records))


class StaffAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or request.user.has_perm("auth.change_user")


@hooks.register("register_settings_menu_item")
def two_factor_menu_item():
    return StaffAdminMenuItem(
        _("2段階認証の管理"), reverse("two_factor_users"), icon_name="lock", order=700
    )


class SecurityRecordsGroup(ViewSetGroup):
    menu_label = _("監査・アクセスログ")
    menu_icon = "history"
    menu_order = 900
    items = (AuditEntryViewSet("audit_log"), AccessLogViewSet("access_log"))


@hooks.register("register_admin_viewset")
def register_security_records():
    return SecurityRecordsGroup()


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    """Our action names get labels in Wagtail's registry too (e.g. 'Site history')."""
    for action, label in audit.ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("construct_settings_menu")
def hide_sites_from_settings_menu(request, menu_items):
    """A city runs one site: Wagtail's サイト screen is set up once by the installer.

    Its listing has untranslatable English column names (Port, Site name); IT still
    reaches it at /admin/sites/.
    """
    menu_items[:] = [item for item in menu_items if item.name != "sites"]
