from django.urls import path

from . import views
from .delivery_reports import views as report_views
from .go_live import views as go_live_views
from .rich_menus import artwork_views as rich_menu_artwork_views
from .rich_menus import views as rich_menu_views
from .surveys import admin_views as survey_views


app_name = "line_delivery"
urlpatterns = [
    path("pages/<int:page_id>/test-send/", views.test_send, name="test_send"),
    path("pages/<int:page_id>/redeliver/", views.redeliver, name="redeliver"),
    path("deliveries/<int:delivery_id>/", views.delivery_detail, name="delivery"),
    path("deliveries/<int:delivery_id>/cancel/", views.cancel_delivery, name="cancel"),
    path(
        "deliveries/<int:delivery_id>/resend-missing/",
        report_views.resend_missing_view,
        name="resend_missing",
    ),
    path(
        "deliveries/<int:delivery_id>/report.csv",
        report_views.delivery_report_csv,
        name="delivery_csv",
    ),
    path(
        "pages/<int:page_id>/deliveries/",
        report_views.page_deliveries,
        name="page_deliveries",
    ),
    path(
        "guardrail-preview/",
        report_views.guardrail_preview,
        name="guardrail_preview",
    ),
    path(
        "approvals/<int:task_state_id>/confirm/",
        report_views.confirm_approval,
        name="confirm_approval",
    ),
    path(
        "friends/statistics.csv",
        report_views.friend_statistics_csv,
        name="friend_statistics_csv",
    ),
    path("sandbox/", views.sandbox_friends, name="sandbox"),
    path("sandbox/<int:friend_id>/", views.sandbox_chat, name="sandbox_chat"),
    path("sandbox/<int:friend_id>/say/", views.sandbox_say, name="sandbox_say"),
    path(
        "sandbox/<int:friend_id>/tap/<int:line_menu_id>/<str:area_key>/",
        views.sandbox_tap,
        name="sandbox_tap",
    ),
    path(
        "sandbox/rich-menu/<str:rich_menu_id>.img",
        views.sandbox_rich_menu_image,
        name="sandbox_rich_menu_image",
    ),
    path(
        "rich-menus/<int:menu_id>/test/",
        rich_menu_views.start_test,
        name="rich_menu_test",
    ),
    path(
        "rich-menus/<int:menu_id>/test/end/",
        rich_menu_views.end_test,
        name="rich_menu_test_end",
    ),
    path(
        "rich-menus/<int:menu_id>/default/",
        rich_menu_views.set_default,
        name="rich_menu_default",
    ),
    path(
        "rich-menus/<int:menu_id>/image/",
        rich_menu_artwork_views.generate_image,
        name="rich_menu_artwork",
    ),
    path("rich-menus/<int:menu_id>/taps/", rich_menu_views.taps, name="rich_menu_taps"),
    path("go-live/", go_live_views.go_live_view, name="go_live"),
    path(
        "go-live/remove-sandbox-friends/",
        go_live_views.remove_sandbox_friends_view,
        name="remove_sandbox_friends",
    ),
    path("surveys/", survey_views.survey_list, name="survey_list"),
    path("surveys/<int:page_id>/", survey_views.survey_results, name="survey_results"),
    path(
        "surveys/<int:page_id>/export.csv",
        survey_views.survey_export,
        name="survey_export",
    ),
]
