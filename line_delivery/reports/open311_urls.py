"""Open311 GeoReport v2 under ``/open311/v2/`` (with or without the ``.json`` suffix)."""

from django.urls import re_path

from . import open311


app_name = "open311"
urlpatterns = [
    re_path(r"^services(?:\.json)?$", open311.services, name="services"),
    re_path(r"^requests(?:\.json)?$", open311.requests, name="requests"),
    re_path(
        r"^requests/(?P<service_request_id>[0-9]{8}-[0-9]+)(?:\.json)?$",
        open311.request_detail,
        name="request",
    ),
]
