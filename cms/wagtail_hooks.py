"""Admin menu entries of the project itself (staff security)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem


class StaffAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or request.user.has_perm("auth.change_user")


@hooks.register("register_settings_menu_item")
def two_factor_menu_item():
    return StaffAdminMenuItem(
        _("2段階認証の管理"), reverse("two_factor_users"), icon_name="lock", order=700
    )
