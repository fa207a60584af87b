"""Resident-facing report URLs, under the LIFF prefix (``/liff/reports/…``)."""

from django.urls import path

from . import views


app_name = "reports"
urlpatterns = [
    path("", views.my_reports, name="mine"),
    path("new/", views.new_report, name="new"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("api/submit/", views.submit, name="submit"),
    path("api/place/", views.place, name="place"),
    path("chat-photos/<int:pk>/", views.chat_photo, name="chat_photo"),
]
