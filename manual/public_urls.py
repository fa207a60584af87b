"""The manual's chapters readable signed out, outside ``/admin/`` (``Chapter.public``)."""

from django.urls import path

from . import views


app_name = "manual_public"
urlpatterns = [
    path("screens/<slug:name>.png", views.public_screenshot, name="screenshot"),
    path("<slug:slug>/", views.public_chapter, name="chapter"),
]
