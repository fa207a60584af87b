"""Admin: webhook subscriptions and their delivery log, for 管理者 (IT) only."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.roles import is_city_admin

from .models import ChangeEvent, WebhookDelivery, WebhookSubscription


class CityAdminOnlyPolicy(ModelPermissionPolicy):
    """Only 管理者 (``cms.roles.is_city_admin``) may see or change these rows."""

    actions: frozenset[str] = frozenset({"add", "change", "delete", "view"})

    def user_has_permission(self, user, action):
        return action in self.actions and is_city_admin(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class CityAdminReadOnlyPolicy(CityAdminOnlyPolicy):
    """A log: 管理者 look at it; nobody adds, edits or deletes."""

    actions = frozenset({"view"})


register_permission_policy(
    WebhookSubscription, CityAdminOnlyPolicy(WebhookSubscription)
)
register_permission_policy(WebhookDelivery, CityAdminReadOnlyPolicy(WebhookDelivery))
register_permission_policy(ChangeEvent, CityAdminReadOnlyPolicy(ChangeEvent))


class WebhookSubscriptionViewSet(ModelViewSet):
    model = WebhookSubscription
    url_prefix = "change-notify/subscriptions"
    icon = "link-external"
    menu_label = _("送信先")
    list_display = ["name", "url", "is_active", "created_at"]
    form_fields = ["name", "url", "secret", "is_active"]


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    url_prefix = "change-notify/deliveries"
    icon = "list-ul"
    menu_label = _("送信記録")
    list_display = [
        Column("event", label=_("イベント"), accessor="event_type_label"),
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "created_at",
        "delivered_at",
    ]
    list_filter = ["status", "subscription"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "delivery_id",
        "event",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "created_at",
        "delivered_at",
    ]
    form_fields = ["status"]  # required by the viewset; never editable


class ChangeNotifyGroup(ViewSetGroup):
    menu_label = _("変更の通知（Webhook）")
    menu_icon = "resubmit"
    menu_order = 800
    items = (WebhookSubscriptionViewSet, WebhookDeliveryViewSet)


@hooks.register("register_admin_viewset")
def register_change_notify_viewsets():
    return ChangeNotifyGroup()
