"""URLs under ``/liff/`` (the LIFF app's endpoint URL is ``https://<host>/liff/``)."""

from django.urls import path

from . import auth, calendar, views


app_name = "liff"

urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.settings_page, name="settings"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("pages/<int:page_id>/", views.page_view, name="page"),
    path("api/login/", auth.login, name="login"),
    path("api/settings/", views.settings_save, name="settings_save"),
    path("sandbox/id-token/", auth.sandbox_id_token, name="sandbox_id_token"),
]
