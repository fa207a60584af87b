from django.urls import path

from . import admin_views


app_name = "reports_admin"
urlpatterns = [
    path("", admin_views.report_list, name="list"),
    path("<int:pk>/", admin_views.report_detail, name="detail"),
    path("<int:pk>/state/", admin_views.change_state, name="state"),
    path("<int:pk>/assign/", admin_views.assign, name="assign"),
    path("<int:pk>/priority/", admin_views.set_priority, name="priority"),
    path("<int:pk>/note/", admin_views.add_note, name="note"),
    path("<int:pk>/public-note/", admin_views.set_public_note, name="public_note"),
    path("<int:pk>/merge/", admin_views.merge, name="merge"),
    path("photos/<int:photo_id>/", admin_views.photo, name="photo"),
]
