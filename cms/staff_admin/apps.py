from wagtail.users.apps import WagtailUsersAppConfig


class StaffUsersConfig(WagtailUsersAppConfig):
    """``wagtail.users`` with our user and group viewsets (Wagtail's documented way:
    https://docs.wagtail.org/en/stable/extending/customizing_group_views.html)."""

    user_viewset = "cms.staff_admin.views.StaffUserViewSet"
    group_viewset = "cms.staff_admin.views.StaffGroupViewSet"
